using Atdata.Cli.Config;

namespace Atdata.Cli.Schemas;

/// <summary>
/// Where a schema comes from on the command line: a JSON file (a schema record as Python writes it), a full
/// reference (<c>atdata://local/sampleSchema/Name@1.0.0</c>) or the short form <c>Name@1.0.0</c>, looked up in the index.
/// </summary>
internal static class SchemaSource
{
    public static async Task<(SchemaRecord Record, string Origin)> LoadAsync(string argument, Backends backends, CancellationToken cancellationToken)
    {
        if (File.Exists(argument))
        {
            string text = await File.ReadAllTextAsync(argument, cancellationToken).ConfigureAwait(false);
            try
            {
                return (SchemaRecord.Parse(text), argument);
            }
            catch (SchemaFormatException e)
            {
                throw new CliFailureException($"'{argument}' is not a schema record: {e.Message}", e);
            }
        }

        string reference = argument.Contains("://", StringComparison.Ordinal) ? argument : ShortRef(argument);
        var record = await backends.Index.GetSchemaAsync(reference, cancellationToken).ConfigureAwait(false);
        return (record, reference);
    }

    private static string ShortRef(string argument)
    {
        int at = argument.LastIndexOf('@');
        if (at <= 0 || at == argument.Length - 1)
        {
            throw new CliFailureException($"'{argument}' is neither a schema JSON file nor a schema reference (atdata://local/sampleSchema/Name@1.0.0 or Name@1.0.0).");
        }

        return SchemaRef.Local(argument[..at], argument[(at + 1)..]).ToString();
    }
}
