namespace Atdata.Cli.Tests.Infrastructure;

/// <summary>
/// Runs the tool in-process through its entry point (<c>CliApp.RunAsync</c>) with captured stdout/stderr and an
/// environment of the test's own (nothing is read from the process environment, so the machine's settings never
/// leak in).
/// </summary>
public sealed class CliHarness
{
    private readonly Dictionary<string, string?> _environment = new(StringComparer.Ordinal);

    public CliHarness(string home)
    {
        Home = home;
        _environment["ATDATA_HOME"] = home;
    }

    /// <summary>The embedded root (ATDATA_HOME) of this tool instance.</summary>
    public string Home { get; }

    /// <summary>Whether the captured stderr claims to be a terminal (progress bars).</summary>
    public bool StderrIsTerminal { get; set; }

    public CliHarness With(string name, string? value)
    {
        _environment[name] = value;
        return this;
    }

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var console = new CliConsole(stdout, stderr, name => _environment.GetValueOrDefault(name), StderrIsTerminal);
        int code = await CliApp.RunAsync(args, console, CancellationToken.None);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}
