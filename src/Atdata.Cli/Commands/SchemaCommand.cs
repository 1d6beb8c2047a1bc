using System.CommandLine;
using System.Globalization;
using System.Text;
using Atdata.Cli.Output;
using Atdata.Cli.Schemas;

namespace Atdata.Cli.Commands;

/// <summary><c>atdata schema list|show|diff|codegen|lock</c>.</summary>
internal static class SchemaCommand
{
    private const string SchemaHelp = "A schema reference (atdata://local/sampleSchema/Name@1.0.0, or Name@1.0.0) looked up in the index, or a schema JSON file";

    public static Command Create(VerbHost host)
        => new("schema", "Schemas: list and show those in the index, diff two, generate C# or the schema lock")
        {
            List(host), Show(host), Diff(host), Codegen(host), Lock(host),
        };

    private static Command List(VerbHost host)
    {
        var command = new Command("list", "List the schemas in the index");
        command.SetAction(host.Action(async (context, cancellationToken) =>
        {
            var schemas = new List<SchemaRecord>();
            await foreach (var schema in context.Backends.Index.ListSchemasAsync(cancellationToken).ConfigureAwait(false))
            {
                schemas.Add(schema);
            }

            schemas.Sort(static (a, b) => a.Name != b.Name ? string.CompareOrdinal(a.Name, b.Name) : string.CompareOrdinal(a.Version, b.Version));
            if (context.Json)
            {
                JsonOutput.Write(context.Out, json =>
                {
                    json.WriteStartObject();
                    json.WriteStartArray("schemas");
                    foreach (var s in schemas)
                    {
                        json.WriteStartObject();
                        json.WriteString("name", s.Name);
                        json.WriteString("version", s.Version);
                        json.WriteString("ref", SchemaRef.Local(s.Name, s.Version).ToString());
                        json.WriteNullableString("description", s.Description);
                        json.WriteNumber("fieldCount", s.Fields.Count);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                });
                return ExitCodes.Ok;
            }

            if (schemas.Count == 0)
            {
                context.Out.WriteLine("(no schemas)");
                return ExitCodes.Ok;
            }

            var table = new Table("NAME", "VERSION", "FIELDS", "REF");
            foreach (var s in schemas)
            {
                table.Add(s.Name, s.Version, s.Fields.Count.ToString(CultureInfo.InvariantCulture), SchemaRef.Local(s.Name, s.Version).ToString());
            }

            table.WriteTo(context.Out);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Show(VerbHost host)
    {
        var schema = new Argument<string>("schema") { Description = SchemaHelp };
        var command = new Command("show", "Show one schema's fields") { schema };
        command.SetAction(host.Action(async (context, cancellationToken) =>
        {
            var (record, origin) = await SchemaSource.LoadAsync(context.Parse.GetValue(schema)!, context.Backends, cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                JsonOutput.Write(context.Out, json =>
                {
                    json.WriteStartObject();
                    json.WriteString("source", origin);
                    json.WriteString("schemaCid", record.ComputeStableCid().ToString());
                    json.WritePropertyName("schema");
                    json.WriteRawValue(record.ToJson());
                    json.WriteEndObject();
                });
                return ExitCodes.Ok;
            }

            var output = context.Out;
            output.WriteLine($"name         {record.Name}");
            output.WriteLine($"version      {record.Version}");
            if (record.Description is { } description)
            {
                output.WriteLine($"description  {description.ReplaceLineEndings(" ")}");
            }

            output.WriteLine($"schemaCid    {record.ComputeStableCid()}");
            output.WriteLine();
            var table = new Table("FIELD", "TYPE", "OPTIONAL");
            foreach (var field in record.Fields)
            {
                table.Add(field.Name, field.FieldType.ToString(), field.Optional ? "yes" : "no");
            }

            table.WriteTo(output);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Diff(VerbHost host)
    {
        var from = new Argument<string>("from") { Description = SchemaHelp };
        var to = new Argument<string>("to") { Description = SchemaHelp };
        var command = new Command("diff", "Compare two schemas: fields added, removed, retyped, made optional or required (exit 0 either way)") { from, to };
        command.SetAction(host.Action(async (context, cancellationToken) =>
        {
            var (a, aOrigin) = await SchemaSource.LoadAsync(context.Parse.GetValue(from)!, context.Backends, cancellationToken).ConfigureAwait(false);
            var (b, bOrigin) = await SchemaSource.LoadAsync(context.Parse.GetValue(to)!, context.Backends, cancellationToken).ConfigureAwait(false);
            var diff = SchemaDiff.Compare(a, b);
            if (context.Json)
            {
                JsonOutput.Write(context.Out, json => SchemaDiffOutput.WriteJson(json, diff, aOrigin, bOrigin));
            }
            else
            {
                SchemaDiffOutput.WriteHuman(context.Out, diff, aOrigin, bOrigin);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Codegen(VerbHost host)
    {
        var schema = new Argument<string>("schema") { Description = SchemaHelp };
        var ns = new Option<string?>("--namespace") { Description = "The namespace of the generated type", HelpName = "name" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the source to this file instead of stdout", HelpName = "file" };
        var command = new Command("codegen", "Generate the C# [Packable] record of a schema") { schema, ns, output };
        command.SetAction(host.Action(async (context, cancellationToken) =>
        {
            var (record, origin) = await SchemaSource.LoadAsync(context.Parse.GetValue(schema)!, context.Backends, cancellationToken).ConfigureAwait(false);
            string code = SchemaCodeGenerator.ToCSharp(record, new SchemaCodeOptions { Namespace = context.Parse.GetValue(ns) });
            string? path = context.Parse.GetValue(output);
            if (path is not null)
            {
                await File.WriteAllTextAsync(path, code, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            }

            if (context.Json)
            {
                JsonOutput.Write(context.Out, json =>
                {
                    json.WriteStartObject();
                    json.WriteString("source", origin);
                    json.WriteString("typeName", SchemaCodeGenerator.TypeNameFor(record));
                    json.WriteNullableString("path", path is null ? null : Path.GetFullPath(path));
                    json.WriteString("code", code);
                    json.WriteEndObject();
                });
            }
            else if (path is null)
            {
                context.Out.Write(code);
            }
            else
            {
                context.Out.WriteLine($"wrote {SchemaCodeGenerator.TypeNameFor(record)} to {path}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Lock(VerbHost host)
    {
        var schemas = new Argument<string[]>("schema") { Description = SchemaHelp, Arity = ArgumentArity.OneOrMore };
        var ns = new Option<string?>("--namespace") { Description = "The namespace the types are generated in (as given to codegen): part of each lock key", HelpName = "name" };
        var output = new Option<string>("--output", "-o") { Description = "The lock file to create or update", DefaultValueFactory = _ => "atdata.schemas.json", HelpName = "file" };
        var command = new Command("lock", "Write or update the schema lock (atdata.schemas.json) the generator checks builds against") { schemas, ns, output };
        command.SetAction(host.Action(async (context, cancellationToken) =>
        {
            string path = context.Parse.GetValue(output)!;
            string? prefix = context.Parse.GetValue(ns) is { Length: > 0 } n ? n + "." : null;
            var file = SchemaLockFile.Load(path);
            var written = new List<(string Type, SchemaRecord Record)>();
            foreach (string argument in context.Parse.GetValue(schemas)!)
            {
                var (record, _) = await SchemaSource.LoadAsync(argument, context.Backends, cancellationToken).ConfigureAwait(false);
                string type = prefix + SchemaCodeGenerator.TypeNameFor(record);
                file.Set(type, record);
                written.Add((type, record));
            }

            await File.WriteAllTextAsync(path, file.ToText(), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                JsonOutput.Write(context.Out, json =>
                {
                    json.WriteStartObject();
                    json.WriteString("path", Path.GetFullPath(path));
                    json.WriteStartArray("locked");
                    foreach (var (type, record) in written)
                    {
                        json.WriteStartObject();
                        json.WriteString("type", type);
                        json.WriteString("name", record.Name);
                        json.WriteString("version", record.Version);
                        json.WriteString("schemaCid", record.ComputeStableCid().ToString());
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteStrings("types", file.Types);
                    json.WriteEndObject();
                });
            }
            else
            {
                foreach (var (type, record) in written)
                {
                    context.Out.WriteLine($"locked {type} = {record.Name}@{record.Version}");
                }

                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {path} ({file.Types.Count} types)"));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
