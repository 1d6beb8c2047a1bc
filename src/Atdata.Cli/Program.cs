using Atdata.Cli;

// Progress bars are drawn only when stderr is a terminal; otherwise long verbs print plain lines.
var console = new CliConsole(Console.Out, Console.Error, Environment.GetEnvironmentVariable, StderrIsTerminal: !Console.IsErrorRedirected);
return await CliApp.RunAsync(args, console, CancellationToken.None).ConfigureAwait(false);
