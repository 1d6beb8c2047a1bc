using System.CommandLine;
using System.Globalization;
using Atdata.Cli.Output;

namespace Atdata.Cli.Commands;

/// <summary><c>atdata preview URL [--limit N]</c>: the first samples, arrays shown as dtype and shape.</summary>
internal static class PreviewCommand
{
    public static Command Create(VerbHost host)
    {
        var url = new Argument<string>("url") { Description = "A shard path or URL, or a brace pattern" };
        var limit = new Option<int>("--limit", "-n")
        {
            Description = "How many samples to show (at least 1)",
            DefaultValueFactory = _ => 5,
            HelpName = "N",
            CustomParser = result =>
            {
                string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1)
                {
                    return n;
                }

                result.AddError($"--limit must be a whole number of at least 1, not '{text}'.");
                return 0;
            },
        };
        var command = new Command("preview", "Show the first samples of a dataset (arrays summarized as dtype and shape)") { url, limit };
        command.SetAction(host.Action((context, cancellationToken) => RunAsync(context, context.Parse.GetValue(url)!, context.Parse.GetValue(limit), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(VerbContext context, string url, int limit, CancellationToken cancellationToken)
    {
        var samples = new List<(string Key, string Shard, DynamicSample Sample)>();
        var source = ShardSources.FromUrl(url, context.Backends.SourceOptions);
        foreach (string shard in source.ListShards())
        {
            await foreach (var sample in ShardReader.ReadAsync(source, shard, null, cancellationToken).ConfigureAwait(false))
            {
                samples.Add((sample.Key, shard, sample.ToDynamic()));
                if (samples.Count == limit)
                {
                    break;
                }
            }

            if (samples.Count == limit)
            {
                break;
            }
        }

        if (context.Json)
        {
            JsonOutput.Write(context.Out, json =>
            {
                json.WriteStartObject();
                json.WriteString("url", url);
                json.WriteNumber("limit", limit);
                json.WriteStartArray("samples");
                foreach (var (key, shard, sample) in samples)
                {
                    json.WriteStartObject();
                    json.WriteString("key", key);
                    json.WriteString("shard", shard);
                    json.WritePropertyName("fields");
                    json.WriteStartObject();
                    foreach (var (name, value) in sample)
                    {
                        json.WritePropertyName(name);
                        ValueFormat.WriteJson(json, value);
                    }

                    json.WriteEndObject();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        for (int i = 0; i < samples.Count; i++)
        {
            var (key, shard, sample) = samples[i];
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"#{i}  {key}  ({shard})"));
            int width = sample.Keys.DefaultIfEmpty(string.Empty).Max(k => k.Length);
            foreach (var (name, value) in sample)
            {
                context.Out.WriteLine($"  {name.PadRight(width)}  {ValueFormat.Human(value)}");
            }
        }

        if (samples.Count == 0)
        {
            context.Out.WriteLine("(no samples)");
        }

        return ExitCodes.Ok;
    }
}
