namespace Atdata;

/// <summary>
/// A sample does not match the schema it is checked against: a required field is missing or null, a value has
/// the wrong kind, an array payload is malformed, or (under strict options) an array has another dtype or an
/// unknown field is present. <see cref="Problems"/> lists every problem found, each naming its field.
/// </summary>
public sealed class SchemaMismatchException : AtdataException
{
    private const int MaxListedProblems = 10;

    internal SchemaMismatchException(string schemaName, string schemaVersion, IReadOnlyList<SchemaProblem> problems)
        : base(Compose(schemaName, schemaVersion, problems))
    {
        SchemaName = schemaName;
        SchemaVersion = schemaVersion;
        Problems = problems;
    }

    /// <summary>A schema mismatch with a message of the caller's (for example a conflicting schema publish).</summary>
    internal SchemaMismatchException(string schemaName, string schemaVersion, IReadOnlyList<SchemaProblem> problems, string message)
        : base(message)
    {
        SchemaName = schemaName;
        SchemaVersion = schemaVersion;
        Problems = problems;
    }

    /// <summary>The name of the schema the sample was checked against.</summary>
    public string SchemaName { get; }

    /// <summary>The version of the schema the sample was checked against.</summary>
    public string SchemaVersion { get; }

    /// <summary>Every problem found, in schema field order (unknown fields last).</summary>
    public IReadOnlyList<SchemaProblem> Problems { get; }

    /// <summary>The names of the fields with a problem, each once, in the order of <see cref="Problems"/>.</summary>
    public IReadOnlyList<string> FieldNames => Problems.Select(p => p.FieldName).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The required fields the sample lacks.</summary>
    public IReadOnlyList<string> MissingFields
        => Problems.Where(p => p.Kind == SchemaProblemKind.MissingField).Select(p => p.FieldName).ToArray();

    private static string Compose(string name, string version, IReadOnlyList<SchemaProblem> problems)
    {
        var listed = string.Join("; ", problems.Take(MaxListedProblems).Select(p => p.Message));
        var more = problems.Count > MaxListedProblems ? $"; and {problems.Count - MaxListedProblems} more" : string.Empty;
        var plural = problems.Count == 1 ? "problem" : "problems";
        return $"The sample does not match schema {name}@{version} ({problems.Count} {plural}): {listed}{more}";
    }
}
