using System.CommandLine;
using Atdata.Cli.Config;
using Atdata.Cli.Diagnostics;
using Atdata.Cli.Output;

namespace Atdata.Cli.Commands;

/// <summary>
/// <c>atdata diagnose</c>: checks the configured index and store. Redis: reachability, persistence and memory
/// settings; S3: reachability and the bucket; the embedded default: the index file and the data directory.
/// Exit 1 when a check fails.
/// </summary>
internal static class DiagnoseCommand
{
    public static Command Create(VerbHost host)
    {
        var command = new Command("diagnose", "Check the configured index and store (reachability, persistence, memory, bucket, files)");
        command.SetAction(host.Action(RunAsync));
        return command;
    }

    private static async Task<int> RunAsync(VerbContext context, CancellationToken cancellationToken)
    {
        var backends = context.Backends;
        var spec = context.Settings.Index;
        var index = new Check("index", spec.Kind.ToString().ToLowerInvariant(), spec.Display);
        if (spec.Kind == IndexKind.Redis)
        {
            await RedisProbe.ProbeAsync(spec, index, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            DiskProbe.ProbeIndexFile(spec.SqlitePath!, index);
        }

        if (index.Ok && (spec.Kind == IndexKind.Redis || File.Exists(spec.SqlitePath)))
        {
            await CountEntriesAsync(backends, index, cancellationToken).ConfigureAwait(false);
        }

        Check store;
        if (context.Settings.Bucket is { } bucket)
        {
            store = new Check("store", "s3", bucket);
            await S3Probe.ProbeAsync(backends.S3Store!, store, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            store = new Check("store", "disk", backends.DiskRoot);
            DiskProbe.ProbeDataDirectory(backends.DiskRoot, store);
        }

        bool ok = index.Ok && store.Ok;
        if (context.Json)
        {
            JsonOutput.Write(context.Out, json =>
            {
                json.WriteStartObject();
                json.WriteBoolean("ok", ok);
                index.WriteJson(json);
                store.WriteJson(json);
                json.WriteEndObject();
            });
        }
        else
        {
            index.WriteHuman(context.Out);
            store.WriteHuman(context.Out);
            context.Out.WriteLine(ok ? "all checks passed" : "some checks FAILED");
        }

        return ok ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private static async Task CountEntriesAsync(Backends backends, Check check, CancellationToken cancellationToken)
    {
        try
        {
            var entries = await backends.Index.GetAllEntriesAsync(cancellationToken).ConfigureAwait(false);
            check.Fact("entries", (long)entries.Count);
        }
        catch (Exception e) when (e is AtdataException or CliFailureException or IOException or InvalidOperationException)
        {
            check.Fail("The index could not be read: " + ErrorReporter.MessageOf(e));
        }
    }
}
