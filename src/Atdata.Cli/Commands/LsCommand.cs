using System.CommandLine;
using System.Globalization;
using Atdata.Cli.Output;

namespace Atdata.Cli.Commands;

/// <summary><c>atdata ls</c>: the entries of the index, by name.</summary>
internal static class LsCommand
{
    public static Command Create(VerbHost host)
    {
        var command = new Command("ls", "List the datasets in the index");
        command.SetAction(host.Action(RunAsync));
        return command;
    }

    private static async Task<int> RunAsync(VerbContext context, CancellationToken cancellationToken)
    {
        var entries = (await context.Backends.Index.GetAllEntriesAsync(cancellationToken).ConfigureAwait(false))
            .OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Cid, StringComparer.Ordinal).ToList();
        if (context.Json)
        {
            JsonOutput.Write(context.Out, json =>
            {
                json.WriteStartObject();
                json.WriteStartArray("entries");
                foreach (var entry in entries)
                {
                    EntryOutput.WriteJson(json, entry);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        if (entries.Count == 0)
        {
            context.Out.WriteLine("(no datasets)");
            return ExitCodes.Ok;
        }

        var table = new Table("NAME", "SHARDS", "SCHEMA", "CID");
        foreach (var entry in entries)
        {
            table.Add(entry.Name, entry.DataUrls.Count.ToString(CultureInfo.InvariantCulture), entry.SchemaRef, entry.Cid);
        }

        table.WriteTo(context.Out);
        return ExitCodes.Ok;
    }
}
