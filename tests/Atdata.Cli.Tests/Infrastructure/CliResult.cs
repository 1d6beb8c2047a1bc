namespace Atdata.Cli.Tests.Infrastructure;

/// <summary>What one run of the tool produced.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string AllOutput => Stdout + Stderr;

    /// <summary>The non-empty lines of stderr.</summary>
    public IReadOnlyList<string> ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
