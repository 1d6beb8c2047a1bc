namespace Atdata.Cli;

/// <summary>What the tool writes to and reads from the process: the two output streams and the environment.</summary>
/// <param name="Out">Standard output (results).</param>
/// <param name="Error">Standard error (errors, progress, warnings).</param>
/// <param name="GetEnvironmentVariable">Reads an environment variable (tests pass their own).</param>
/// <param name="StderrIsTerminal">Whether standard error is a terminal: progress bars are drawn only then.</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, Func<string, string?> GetEnvironmentVariable, bool StderrIsTerminal);
