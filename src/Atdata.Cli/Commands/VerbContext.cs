using System.CommandLine;
using Atdata.Cli.Config;
using Atdata.Cli.Output;

namespace Atdata.Cli.Commands;

/// <summary>What a verb's body works with.</summary>
internal sealed record VerbContext(ParseResult Parse, CliConsole Console, CliSettings Settings, Backends Backends)
{
    public TextWriter Out => Console.Out;

    public bool Json => Settings.Json;

    /// <summary>A progress display on stderr: a bar on a terminal, plain lines otherwise.</summary>
    public Progress Progress(string verb) => new(Console.Error, verb, Console.StderrIsTerminal);

    /// <summary>Writes a warning line on stderr.</summary>
    public void Warn(string message) => Console.Error.WriteLine("atdata: warning: " + message);
}
