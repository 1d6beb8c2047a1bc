using System.CommandLine;
using System.Globalization;
using Atdata.Cli.Output;
using Atdata.Local;

namespace Atdata.Cli.Commands;

/// <summary>
/// <c>atdata insert URL --name N</c>: reads the shards schema-free (<c>Dataset&lt;DynamicSample&gt;</c>), writes
/// them through the configured store and records the entry in the index, showing progress per shard read.
/// </summary>
internal static class InsertCommand
{
    public static Command Create(VerbHost host)
    {
        var url = new Argument<string>("url") { Description = "The shards to insert: a path or URL, or a brace pattern" };
        var name = new Option<string>("--name") { Description = "The dataset name (A-Z a-z 0-9 . _ -)", Required = true, HelpName = "name" };
        var prefix = new Option<string?>("--prefix") { Description = "Where the store puts the shards (default: the name)", HelpName = "prefix" };
        var schemaRef = new Option<string?>("--schema-ref") { Description = "The entry's schema reference (default: the schema-free DynamicSample reference)", HelpName = "ref" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an entry that already has the name" };
        var maxCount = new Option<long?>("--max-count") { Description = "Samples per written shard (default 100000)", HelpName = "N" };
        var command = new Command("insert", "Copy a dataset's shards into the configured store and add it to the index") { url, name, prefix, schemaRef, overwrite, maxCount };
        command.SetAction(host.Action((context, cancellationToken) =>
        {
            var parse = context.Parse;
            var options = new InsertOptions { Overwrite = parse.GetValue(overwrite), SchemaRef = parse.GetValue(schemaRef), MaxCount = parse.GetValue(maxCount) };
            return RunAsync(context, parse.GetValue(url)!, parse.GetValue(name)!, parse.GetValue(prefix), options, cancellationToken);
        }));
        return command;
    }

    private static async Task<int> RunAsync(VerbContext context, string url, string name, string? prefix, InsertOptions options, CancellationToken cancellationToken)
    {
        LocalIndex.ValidateName(name, "--name");
        var index = context.Backends.Index;
        var progress = context.Progress("insert");
        var gate = new Lock();
        int done = 0;
        var inner = ShardSources.FromUrl(url, context.Backends.SourceOptions);
        int total = inner.ListShards().Count;
        var source = new CountingShardSource(inner)
        {
            // The store may read shards on a worker thread.
            ShardClosed = (shard, bytes) =>
            {
                lock (gate)
                {
                    progress.Step(++done, total, $"read {ShardName(shard)} ({Sizes.Format(bytes)})");
                }
            },
        };
        var dataset = new Dataset<DynamicSample>(source, url);
        LocalDatasetEntry entry;
        try
        {
            entry = await index.InsertDatasetAsync(dataset, name, prefix, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            progress.Done();
        }

        if (context.Json)
        {
            JsonOutput.Write(context.Out, json =>
            {
                json.WriteStartObject();
                json.WriteNumber("bytesRead", source.BytesRead);
                json.WritePropertyName("entry");
                EntryOutput.WriteJson(json, entry);
                json.WriteEndObject();
            });
        }
        else
        {
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"inserted {entry.Name} ({entry.DataUrls.Count} shards, {Sizes.Format(source.BytesRead)} read)"));
            EntryOutput.WriteHuman(context.Out, entry);
        }

        return ExitCodes.Ok;
    }

    private static string ShardName(string shard)
    {
        int slash = shard.LastIndexOf('/');
        return slash >= 0 ? shard[(slash + 1)..] : shard;
    }
}
