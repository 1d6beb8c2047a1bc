using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Atdata.Cli.Commands;

/// <summary>Prints the tool's own version (<c>--version</c>).</summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    /// <summary>The informational version of the tool's assembly (for example <c>0.1.0+commit</c>).</summary>
    public static string Version { get; } =
        typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return ExitCodes.Ok;
    }
}
