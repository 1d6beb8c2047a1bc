using System.CommandLine;
using Atdata.Cli.Config;

namespace Atdata.Cli.Commands;

/// <summary>Runs a verb's body with the run's settings and backends, and disposes them afterwards.</summary>
internal sealed class VerbHost(CliConsole console, GlobalOptions globals, SecretScrubber secrets)
{
    public GlobalOptions Globals => globals;

    /// <summary>Makes the action of a verb: resolves the configuration, runs <paramref name="body"/>, returns its exit code.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Action(Func<VerbContext, CancellationToken, Task<int>> body)
        => async (parse, cancellationToken) =>
        {
            var settings = CliSettings.Resolve(parse, globals, console, secrets);
            var backends = new Backends(settings, secrets);
            await using (backends.ConfigureAwait(false))
            {
                var context = new VerbContext(parse, console, settings, backends);
                return await body(context, cancellationToken).ConfigureAwait(false);
            }
        };
}
