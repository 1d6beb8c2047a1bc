using System.CommandLine;
using Atdata.Cli.Output;

namespace Atdata.Cli.Commands;

/// <summary><c>atdata show NAME|CID</c>: one index entry in full.</summary>
internal static class ShowCommand
{
    public static Command Create(VerbHost host)
    {
        var target = new Argument<string>("name-or-cid") { Description = "The dataset's name or CID" };
        var command = new Command("show", "Show one dataset of the index (shards, checksums, metadata)") { target };
        command.SetAction(host.Action(async (context, cancellationToken) =>
        {
            var entry = await EntryOutput.FindAsync(context.Backends.Index, context.Parse.GetValue(target)!, cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                JsonOutput.Write(context.Out, json => EntryOutput.WriteJson(json, entry));
            }
            else
            {
                EntryOutput.WriteHuman(context.Out, entry);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
