using System.CommandLine;
using System.Globalization;
using Atdata.Cli.Output;

namespace Atdata.Cli.Commands;

/// <summary><c>atdata inspect URL</c>: the shards, sample count, fields with their kinds, and bytes of a dataset.</summary>
internal static class InspectCommand
{
    public static Command Create(VerbHost host)
    {
        var url = new Argument<string>("url") { Description = "A shard path or URL (file, http(s), s3 with --bucket), or a brace pattern such as data-{000000..000009}.tar" };
        var command = new Command("inspect", "Show the shards, sample count, fields and kinds, and bytes of a dataset") { url };
        command.SetAction(host.Action((context, cancellationToken) => RunAsync(context, context.Parse.GetValue(url)!, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(VerbContext context, string url, CancellationToken cancellationToken)
    {
        var source = new CountingShardSource(ShardSources.FromUrl(url, context.Backends.SourceOptions));
        var shards = new List<(string Url, long Samples, long Bytes)>();
        var fields = new FieldCensus();
        foreach (string shard in source.ListShards())
        {
            long samples = 0, before = source.BytesRead;
            await foreach (var sample in ShardReader.ReadAsync(source, shard, null, cancellationToken).ConfigureAwait(false))
            {
                samples++;
                fields.Add(sample.ToDynamic());
            }

            // A local file's size includes the tar padding a reader never needs to read.
            long bytes = File.Exists(shard) ? new FileInfo(shard).Length : source.BytesRead - before;
            shards.Add((shard, samples, bytes));
        }

        long totalSamples = shards.Sum(s => s.Samples), totalBytes = shards.Sum(s => s.Bytes);
        if (context.Json)
        {
            JsonOutput.Write(context.Out, json =>
            {
                json.WriteStartObject();
                json.WriteString("url", url);
                json.WriteNumber("shardCount", shards.Count);
                json.WriteNumber("sampleCount", totalSamples);
                json.WriteNumber("bytes", totalBytes);
                json.WriteStartArray("shards");
                foreach (var (shardUrl, samples, bytes) in shards)
                {
                    json.WriteStartObject();
                    json.WriteString("url", shardUrl);
                    json.WriteNumber("samples", samples);
                    json.WriteNumber("bytes", bytes);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                fields.WriteJson(json);
                json.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        var output = context.Out;
        output.WriteLine($"dataset  {url}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"shards   {shards.Count}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"samples  {totalSamples}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bytes    {totalBytes} ({Sizes.Format(totalBytes)})"));
        output.WriteLine();
        var table = new Table("SHARD", "SAMPLES", "BYTES");
        foreach (var (shardUrl, samples, bytes) in shards)
        {
            table.Add(shardUrl, samples.ToString(CultureInfo.InvariantCulture), bytes.ToString(CultureInfo.InvariantCulture));
        }

        table.WriteTo(output);
        output.WriteLine();
        fields.WriteTable(output, totalSamples);
        return ExitCodes.Ok;
    }
}
