using System.Text;
using System.Text.Json;

namespace Atdata.Cli.Schemas;

/// <summary>
/// Writes the schema lock (<c>atdata.schemas.json</c>) byte for byte as the <c>AtdataUpdateSchemaLock</c> target
/// does (docs/schemas.md): <c>{"atdataSchemaLock": 1, "schemas": [...]}</c>, entries sorted by type, two-space
/// indentation, one line per field, <c>\n</c> newlines, UTF-8 without BOM. Entries already in the file are kept
/// unless a schema of the same type replaces them, so the tool and the build target can share one file.
/// </summary>
internal sealed class SchemaLockFile
{
    private const int FormatVersion = 1;
    private readonly SortedDictionary<string, string> _entries = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Types => _entries.Keys;

    /// <summary>Reads an existing lock file, or starts an empty one when <paramref name="path"/> does not exist.</summary>
    /// <exception cref="CliFailureException">The file is not a lock this tool can read.</exception>
    public static SchemaLockFile Load(string path)
    {
        var file = new SchemaLockFile();
        if (!File.Exists(path))
        {
            return file;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("atdataSchemaLock", out var version)
                || version.ValueKind != JsonValueKind.Number || version.GetInt32() != FormatVersion
                || !root.TryGetProperty("schemas", out var schemas) || schemas.ValueKind != JsonValueKind.Array)
            {
                throw new CliFailureException($"'{path}' is not a version {FormatVersion} schema lock (\"atdataSchemaLock\": 1 and a \"schemas\" array).");
            }

            foreach (var schema in schemas.EnumerateArray())
            {
                var fields = schema.GetProperty("fields").EnumerateArray()
                    .Select(f => (f.GetProperty("name").GetString()!, f.GetProperty("fieldType"), f.GetProperty("optional").GetBoolean()))
                    .ToList();
                string? description = schema.GetProperty("description").ValueKind == JsonValueKind.Null ? null : schema.GetProperty("description").GetString();
                file.Set(schema.GetProperty("type").GetString()!, schema.GetProperty("name").GetString()!, schema.GetProperty("version").GetString()!,
                    description, schema.GetProperty("schemaCid").GetString()!, fields);
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CliFailureException($"'{path}' is not a schema lock this tool can read: {ErrorReporter.MessageOf(e)}", e);
        }

        return file;
    }

    /// <summary>Adds or replaces the entry of <paramref name="type"/> with <paramref name="record"/>.</summary>
    public void Set(string type, SchemaRecord record)
    {
        using var document = JsonDocument.Parse(record.ToJson());
        var fields = document.RootElement.GetProperty("fields").EnumerateArray()
            .Select(f => (f.GetProperty("name").GetString()!, f.GetProperty("fieldType").Clone(), f.TryGetProperty("optional", out var o) && o.GetBoolean()))
            .ToList();
        Set(type, record.Name, record.Version, record.Description, record.ComputeStableCid().ToString(), fields);
    }

    /// <summary>The whole file's text.</summary>
    public string ToText()
    {
        if (_entries.Count == 0)
        {
            return "{\n  \"atdataSchemaLock\": 1,\n  \"schemas\": []\n}\n";
        }

        return "{\n  \"atdataSchemaLock\": 1,\n  \"schemas\": [\n" + string.Join(",\n", _entries.Values) + "\n  ]\n}\n";
    }

    private void Set(string type, string name, string version, string? description, string schemaCid, List<(string Name, JsonElement FieldType, bool Optional)> fields)
    {
        var text = new StringBuilder("    {\n");
        Member(text, "type", type);
        Member(text, "name", name);
        Member(text, "version", version);
        Member(text, "description", description);
        Member(text, "schemaCid", schemaCid);
        text.Append("      \"fields\": [");
        for (int i = 0; i < fields.Count; i++)
        {
            text.Append(i == 0 ? "\n" : ",\n").Append("        {\"name\": ");
            PythonJsonText.WriteString(text, fields[i].Name);
            text.Append(", \"fieldType\": ");
            PythonJsonText.WriteFieldType(text, fields[i].FieldType);
            text.Append(", \"optional\": ").Append(fields[i].Optional ? "true" : "false").Append('}');
        }

        text.Append(fields.Count == 0 ? "]\n" : "\n      ]\n").Append("    }");
        _entries[type] = text.ToString();
    }

    private static void Member(StringBuilder text, string key, string? value)
    {
        text.Append("      \"").Append(key).Append("\": ");
        if (value is null)
        {
            text.Append("null");
        }
        else
        {
            PythonJsonText.WriteString(text, value);
        }

        text.Append(",\n");
    }
}
