using System.Text;
using Atdata.Generators.Model;
using Atdata.Shared;

namespace Atdata.Generators.Lock;

/// <summary>
/// The text of the schema lock (<c>atdata.schemas.json</c>), written deterministically: the generator formats
/// each type's entry, and the <c>AtdataUpdateSchemaLock</c> MSBuild target sorts the entries by type and wraps
/// them as <see cref="FileHeader"/>, entries joined by <c>",\n"</c>, <see cref="FileFooter"/>.
/// </summary>
/// <remarks>
/// Strings are escaped as Python's <c>json.dumps</c> does (ASCII only); newlines are <c>\n</c>. A field is one
/// line, <c>{"name": …, "fieldType": …, "optional": …}</c>, exactly as in the schema record.
/// </remarks>
internal static class SchemaLockFormat
{
    /// <summary>The lock file's name; the generator reads every additional file with this name.</summary>
    public const string FileName = "atdata.schemas.json";

    /// <summary>The key holding the lock format version.</summary>
    public const string FormatKey = "atdataSchemaLock";

    /// <summary>The lock format version this generator reads and writes.</summary>
    public const int FormatVersion = 1;

    /// <summary>What comes before the first entry (the target writes <c>"schemas": []</c> when there is none).</summary>
    public const string FileHeader = "{\n  \"" + FormatKey + "\": 1,\n  \"schemas\": [\n";

    /// <summary>What comes after the last entry.</summary>
    public const string FileFooter = "\n  ]\n}\n";

    /// <summary>The entry of one type, indented for its place in the <c>schemas</c> array, without a trailing newline.</summary>
    public static string FormatEntry(SchemaInfo schema)
    {
        var text = new StringBuilder();
        text.Append("    {\n");
        AppendMember(text, "type", schema.LockKey);
        AppendMember(text, "name", schema.Name);
        AppendMember(text, "version", schema.Version);
        AppendMember(text, "description", schema.Description);
        AppendMember(text, "schemaCid", schema.Cid);
        text.Append("      \"fields\": [");
        for (int i = 0; i < schema.Fields.Count; i++)
        {
            text.Append(i == 0 ? "\n" : ",\n").Append("        ").Append(FormatField(schema.Fields[i]));
        }

        text.Append(schema.Fields.Count == 0 ? "]\n" : "\n      ]\n");
        text.Append("    }");
        return text.ToString();
    }

    /// <summary>A whole lock file holding <paramref name="entries"/> (already formatted and sorted).</summary>
    public static string FormatFile(IReadOnlyList<string> entries)
        => entries.Count == 0
            ? "{\n  \"" + FormatKey + "\": 1,\n  \"schemas\": []\n}\n"
            : FileHeader + string.Join(",\n", entries) + FileFooter;

    /// <summary>One field as its schema-record JSON: <c>{"name": …, "fieldType": …, "optional": …}</c>.</summary>
    public static string FormatField(SchemaFieldInfo field)
    {
        var text = new StringBuilder();
        text.Append("{\"name\": ");
        PythonJson.WriteString(text, field.Name);
        text.Append(", \"fieldType\": ").Append(field.FieldTypeJson).Append(", \"optional\": ").Append(field.Optional ? "true" : "false").Append('}');
        return text.ToString();
    }

    private static void AppendMember(StringBuilder text, string key, string? value)
    {
        text.Append("      \"").Append(key).Append("\": ");
        if (value is null)
        {
            text.Append("null");
        }
        else
        {
            PythonJson.WriteString(text, value);
        }

        text.Append(",\n");
    }
}
