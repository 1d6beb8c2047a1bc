using System.Text.Json;
using Atdata.Cli.Output;

namespace Atdata.Cli.Schemas;

/// <summary>How a <see cref="SchemaDiff"/> is shown.</summary>
internal static class SchemaDiffOutput
{
    public static void WriteHuman(TextWriter output, SchemaDiff diff, string from, string to)
    {
        output.WriteLine($"--- {from}");
        output.WriteLine($"+++ {to}");
        if (diff.Identical)
        {
            output.WriteLine("identical");
            return;
        }

        if (diff.Name is var (fromName, toName))
        {
            output.WriteLine($"~ name: {fromName} -> {toName}");
        }

        if (diff.Version is var (fromVersion, toVersion))
        {
            output.WriteLine($"~ version: {fromVersion} -> {toVersion}");
        }

        if (diff.Description is not null)
        {
            output.WriteLine("~ description changed");
        }

        foreach (var field in diff.Removed)
        {
            output.WriteLine($"- {field}");
        }

        foreach (var field in diff.Added)
        {
            output.WriteLine($"+ {field}");
        }

        foreach (var (name, before, after) in diff.Retyped)
        {
            output.WriteLine($"~ {name}: {before} -> {after}");
        }

        foreach (var (name, before, after) in diff.OptionalityChanged)
        {
            output.WriteLine($"~ {name}: {(before ? "optional" : "required")} -> {(after ? "optional" : "required")}");
        }
    }

    public static void WriteJson(Utf8JsonWriter json, SchemaDiff diff, string from, string to)
    {
        json.WriteStartObject();
        json.WriteString("from", from);
        json.WriteString("to", to);
        json.WriteBoolean("identical", diff.Identical);
        WriteChange(json, "name", diff.Name?.From, diff.Name?.To, diff.Name is not null);
        WriteChange(json, "version", diff.Version?.From, diff.Version?.To, diff.Version is not null);
        WriteChange(json, "description", diff.Description?.From, diff.Description?.To, diff.Description is not null);
        WriteFields(json, "added", diff.Added);
        WriteFields(json, "removed", diff.Removed);
        json.WriteStartArray("retyped");
        foreach (var (name, before, after) in diff.Retyped)
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("from", before);
            json.WriteString("to", after);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("optionalityChanged");
        foreach (var (name, before, after) in diff.OptionalityChanged)
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteBoolean("from", before);
            json.WriteBoolean("to", after);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteChange(Utf8JsonWriter json, string name, string? from, string? to, bool changed)
    {
        if (!changed)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteNullableString("from", from);
        json.WriteNullableString("to", to);
        json.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter json, string name, IReadOnlyList<SchemaField> fields)
    {
        json.WriteStartArray(name);
        foreach (var field in fields)
        {
            json.WriteStartObject();
            json.WriteString("name", field.Name);
            json.WriteString("type", field.FieldType.ToString());
            json.WriteBoolean("optional", field.Optional);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
