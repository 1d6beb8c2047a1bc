using System.CommandLine;
using System.Globalization;
using Atdata.Cli.Output;
using Atdata.Local;

namespace Atdata.Cli.Commands;

/// <summary>
/// <c>atdata gc</c>: removes what failed or interrupted inserts left: the shards of abandoned pending inserts
/// (<see cref="LocalIndex.GcAsync"/>) and, with a bucket, stale multipart uploads and unreferenced shard objects
/// (<see cref="S3DataStore.GcAsync"/>).
/// </summary>
internal static class GcCommand
{
    public static Command Create(VerbHost host)
    {
        var olderThan = new Option<TimeSpan?>("--older-than")
        {
            Description = "Only what is at least this old: 90s, 30m, 24h, 7d or hh:mm:ss (default: 24h for pending inserts, 1h for S3 uploads and objects)",
            HelpName = "age",
            CustomParser = result =>
            {
                string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (Durations.TryParse(text, out var value))
                {
                    return value;
                }

                result.AddError($"--older-than: '{text}' is not a duration (90s, 30m, 24h, 7d or hh:mm:ss).");
                return null;
            },
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only report what S3 would lose (the index's pending inserts are left alone)" };
        var command = new Command("gc", "Remove the leftovers of failed inserts (pending shards, stale S3 uploads, orphaned S3 shards)") { olderThan, dryRun };
        command.SetAction(host.Action((context, cancellationToken) => RunAsync(context, context.Parse.GetValue(olderThan), context.Parse.GetValue(dryRun), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(VerbContext context, TimeSpan? olderThan, bool dryRun, CancellationToken cancellationToken)
    {
        var index = context.Backends.Index;
        IReadOnlyList<string> pendingDeleted = dryRun ? [] : await index.GcAsync(olderThan, cancellationToken).ConfigureAwait(false);
        S3GcReport? s3 = null;
        if (context.Backends.S3Store is { } store)
        {
            var referenced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in await index.GetAllEntriesAsync(cancellationToken).ConfigureAwait(false))
            {
                referenced.UnionWith(entry.DataUrls.SelectMany(BraceExpansion.Expand));
            }

            var options = olderThan is { } age
                ? new S3GcOptions { DryRun = dryRun, StaleUploadAge = age, OrphanObjectAge = age }
                : new S3GcOptions { DryRun = dryRun };
            s3 = await store.GcAsync(referenced.Contains, options, cancellationToken).ConfigureAwait(false);
        }

        if (context.Json)
        {
            JsonOutput.Write(context.Out, json =>
            {
                json.WriteStartObject();
                json.WriteBoolean("dryRun", dryRun);
                json.WriteStrings("deletedPendingShards", pendingDeleted);
                json.WritePropertyName("s3");
                if (s3 is null)
                {
                    json.WriteNullValue();
                }
                else
                {
                    json.WriteStartObject();
                    json.WriteString("bucket", context.Backends.S3Store!.Bucket);
                    json.WriteStrings("abortedUploads", s3.AbortedUploads);
                    json.WriteStrings("deletedObjects", s3.DeletedObjects);
                    json.WriteNumber("referencedObjects", s3.ReferencedObjects);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        var output = context.Out;
        string verb = dryRun ? "would remove" : "removed";
        output.WriteLine(dryRun
            ? "index: pending inserts left alone (dry run)"
            : string.Create(CultureInfo.InvariantCulture, $"index: removed {pendingDeleted.Count} shard(s) of abandoned inserts"));
        foreach (string url in pendingDeleted)
        {
            output.WriteLine("  " + url);
        }

        if (s3 is not null)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"s3: {verb} {s3.AbortedUploads.Count} stale upload(s) and {s3.DeletedObjects.Count} orphaned shard(s); {s3.ReferencedObjects} referenced shard(s) kept"));
            foreach (string key in s3.AbortedUploads)
            {
                output.WriteLine("  upload " + key);
            }

            foreach (string url in s3.DeletedObjects)
            {
                output.WriteLine("  object " + url);
            }
        }

        return ExitCodes.Ok;
    }
}
