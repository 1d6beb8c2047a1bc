using System.CommandLine;
using Atdata.Cli.Output;

namespace Atdata.Cli.Commands;

/// <summary><c>atdata cid --schema-ref R URL...</c>: the entry CID Python computes for these URLs (interop §5).</summary>
internal static class CidCommand
{
    public static Command Create(VerbHost host)
    {
        var schemaRef = new Option<string>("--schema-ref") { Description = "The entry's schema reference", Required = true, HelpName = "ref" };
        var urls = new Argument<string[]>("url") { Description = "The entry's data URLs, in order (none is allowed)", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("cid", "Compute a dataset entry's CID from its schema reference and data URLs (no index needed)") { schemaRef, urls };
        command.SetAction(host.Action((context, _) =>
        {
            string reference = context.Parse.GetValue(schemaRef)!;
            string[] dataUrls = context.Parse.GetValue(urls) ?? [];
            string cid = Cid.ForEntry(reference, dataUrls).ToString();
            if (context.Json)
            {
                JsonOutput.Write(context.Out, json =>
                {
                    json.WriteStartObject();
                    json.WriteString("cid", cid);
                    json.WriteString("schemaRef", reference);
                    json.WriteStrings("dataUrls", dataUrls);
                    json.WriteEndObject();
                });
            }
            else
            {
                context.Out.WriteLine(cid);
            }

            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }
}
