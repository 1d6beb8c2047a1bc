using System.CommandLine;
using System.Globalization;
using Atdata.Cli.Output;
using Atdata.Shards;

namespace Atdata.Cli.Commands;

/// <summary>
/// <c>atdata verify NAME|CID</c>: recomputes every shard's SHA-256 and compares it with the entry's
/// <c>metadata.checksums</c>. Exit 1 when a shard differs, is missing or cannot be read.
/// </summary>
internal static class VerifyCommand
{
    private const string Ok = "ok";
    private const string Mismatch = "mismatch";
    private const string Missing = "missing";
    private const string Unreadable = "unreadable";
    private const string Unchecked = "unchecked";

    public static Command Create(VerbHost host)
    {
        var target = new Argument<string>("name-or-cid") { Description = "The dataset's name or CID" };
        var command = new Command("verify", "Recompute each shard's SHA-256 against the entry's checksums (exit 1 on a mismatch or a missing shard)") { target };
        command.SetAction(host.Action((context, cancellationToken) => RunAsync(context, context.Parse.GetValue(target)!, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(VerbContext context, string target, CancellationToken cancellationToken)
    {
        var entry = await EntryOutput.FindAsync(context.Backends.Index, target, cancellationToken).ConfigureAwait(false);
        var checksums = entry.Checksums;
        var urls = entry.DataUrls.SelectMany(BraceExpansion.Expand).ToList();
        var results = new List<ShardResult>();
        var progress = context.Progress("verify");
        try
        {
            foreach (string url in urls)
            {
                checksums.TryGetValue(url, out string? expected);
                var result = await CheckAsync(context, url, expected, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                progress.Step(results.Count, urls.Count, $"{result.Status} {url}");
            }
        }
        finally
        {
            progress.Done();
        }

        bool ok = results.All(r => r.Status is Ok or Unchecked);
        if (context.Json)
        {
            JsonOutput.Write(context.Out, json =>
            {
                json.WriteStartObject();
                json.WriteString("name", entry.Name);
                json.WriteString("cid", entry.Cid);
                json.WriteBoolean("ok", ok);
                json.WriteStartArray("shards");
                foreach (var r in results)
                {
                    json.WriteStartObject();
                    json.WriteString("url", r.Url);
                    json.WriteString("status", r.Status);
                    json.WriteNullableString("expected", r.Expected);
                    json.WriteNullableString("actual", r.Actual);
                    json.WriteNumber("bytes", r.Bytes);
                    json.WriteNullableString("error", r.Error);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
        }
        else
        {
            var table = new Table("STATUS", "SHARD", "DETAIL");
            foreach (var r in results)
            {
                table.Add(r.Status, r.Url, r.Error ?? (r.Status == Mismatch ? $"expected {r.Expected}, got {r.Actual}" : r.Actual ?? string.Empty));
            }

            table.WriteTo(context.Out);
            int failed = results.Count(r => r.Status is not (Ok or Unchecked));
            int unchecked_ = results.Count(r => r.Status == Unchecked);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(ok ? "verified" : "FAILED")}: {entry.Name}, {results.Count} shards, {failed} failed{(unchecked_ > 0 ? $", {unchecked_} without a recorded checksum" : string.Empty)}"));
        }

        return ok ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private static async Task<ShardResult> CheckAsync(VerbContext context, string url, string? expected, CancellationToken cancellationToken)
    {
        try
        {
            var source = ShardSources.FromUrl(url, context.Backends.SourceOptions);
            var stream = await source.OpenShardAsync(url, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                // The hashing stream the shard reader uses to check ShardReaderOptions.ExpectedChecksums: one digest path.
                using var hashing = new HashingReadStream(stream);
                string actual = await hashing.DrainAndHashAsync(cancellationToken).ConfigureAwait(false);
                long bytes = hashing.BytesRead;
                string status = expected is null ? Unchecked : string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase) ? Ok : Mismatch;
                return new ShardResult(url, status, expected, actual, bytes, null);
            }
        }
        catch (ShardSourceException e) when (e.Error == ShardSourceError.NotFound || e.StatusCode == 404)
        {
            return new ShardResult(url, Missing, expected, null, 0, ErrorReporter.MessageOf(e));
        }
        catch (StorageException e) when (e.StatusCode == 404)
        {
            return new ShardResult(url, Missing, expected, null, 0, ErrorReporter.MessageOf(e));
        }
        catch (Exception e) when (e is AtdataException or IOException or UnauthorizedAccessException or HttpRequestException)
        {
            return new ShardResult(url, Unreadable, expected, null, 0, ErrorReporter.MessageOf(e));
        }
    }

    private sealed record ShardResult(string Url, string Status, string? Expected, string? Actual, long Bytes, string? Error);
}
