using System.CommandLine;
using Atdata.Cli.Commands;
using Atdata.Cli.Config;

namespace Atdata.Cli;

/// <summary>
/// The tool's entry point, also called in-process by the tests: parses the arguments, runs the verb, and maps
/// every failure to one line on stderr and an exit code (<see cref="ExitCodes"/>).
/// </summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);

        // Passwords in URLs are known before parsing, so not even a parser error can echo one.
        var secrets = new SecretScrubber();
        foreach (string arg in args)
        {
            IndexSpec.RegisterSecrets(arg, secrets);
        }

        if (console.GetEnvironmentVariable("ATDATA_INDEX") is { } envIndex)
        {
            IndexSpec.RegisterSecrets(envIndex, secrets);
        }

        using var stdout = new ScrubbingWriter(console.Out, secrets);
        using var stderr = new ScrubbingWriter(console.Error, secrets);
        var scrubbed = console with { Out = stdout, Error = stderr };
        var globals = new GlobalOptions();
        var root = CommandTree.Build(new VerbHost(scrubbed, globals, secrets));
        var parse = root.Parse(args);
        try
        {
            if (parse.Errors.Count > 0 && parse.Action?.ClearsParseErrors != true)
            {
                return ErrorReporter.Usage(stderr, string.Join("; ", parse.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal)));
            }

            var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The tool's last line of defence: every failure becomes one line and an exit code.
        catch (Exception e)
#pragma warning restore CA1031
        {
            bool verbose = parse.Errors.Count == 0 && parse.GetValue(globals.Verbose);
            return ErrorReporter.Report(stderr, e, verbose);
        }
        finally
        {
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await stderr.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
