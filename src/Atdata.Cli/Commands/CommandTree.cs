using System.CommandLine;

namespace Atdata.Cli.Commands;

/// <summary>The <c>atdata</c> command tree.</summary>
internal static class CommandTree
{
    public static RootCommand Build(VerbHost host)
    {
        var root = new RootCommand("atdata: inspect WebDataset shards written by Atdata or Python atdata, and manage schemas and the dataset index (embedded SQLite by default, or Redis + S3).")
        {
            InspectCommand.Create(host),
            PreviewCommand.Create(host),
            SchemaCommand.Create(host),
            LsCommand.Create(host),
            ShowCommand.Create(host),
            InsertCommand.Create(host),
            VerifyCommand.Create(host),
            CidCommand.Create(host),
            GcCommand.Create(host),
            DiagnoseCommand.Create(host),
        };
        foreach (var option in host.Globals.All)
        {
            root.Add(option);
        }

        // The parser's own --version shows the entry assembly's version, which is the test host's in-process.
        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Action = new VersionAction();
        }

        return root;
    }
}
