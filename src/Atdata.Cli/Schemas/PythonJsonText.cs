using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Atdata.Cli.Schemas;

/// <summary>
/// JSON text as Python's <c>json.dumps</c> writes it (the schema lock's format): <c>", "</c> and <c>": "</c>
/// separators, every character outside printable ASCII escaped as <c>\uXXXX</c> (lowercase hex). Field types are
/// canonical: <c>$type</c> first, the other keys sorted, as the generator's lock reader compares them.
/// </summary>
internal static class PythonJsonText
{
    public static void WriteString(StringBuilder output, string text)
    {
        output.Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\n': output.Append("\\n"); break;
                case '\r': output.Append("\\r"); break;
                case '\t': output.Append("\\t"); break;
                case '\b': output.Append("\\b"); break;
                case '\f': output.Append("\\f"); break;
                case < ' ' or > '~':
                    output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: output.Append(c); break;
            }
        }

        output.Append('"');
    }

    /// <summary>Writes a schema <c>fieldType</c> object canonically.</summary>
    public static void WriteFieldType(StringBuilder output, JsonElement fieldType)
    {
        if (fieldType.ValueKind != JsonValueKind.Object)
        {
            throw new CliFailureException("A field type must be a JSON object.");
        }

        WriteValue(output, fieldType);
    }

    private static void WriteValue(StringBuilder output, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var members = value.EnumerateObject().Select(p => (p.Name, p.Value)).ToList();
                members.Sort(static (a, b) => a.Name == "$type" ? -1 : b.Name == "$type" ? 1 : string.CompareOrdinal(a.Name, b.Name));
                output.Append('{');
                for (int i = 0; i < members.Count; i++)
                {
                    output.Append(i > 0 ? ", " : string.Empty);
                    WriteString(output, members[i].Name);
                    output.Append(": ");
                    WriteValue(output, members[i].Value);
                }

                output.Append('}');
                break;
            case JsonValueKind.Array:
                output.Append('[');
                int n = 0;
                foreach (var item in value.EnumerateArray())
                {
                    output.Append(n++ > 0 ? ", " : string.Empty);
                    WriteValue(output, item);
                }

                output.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(output, value.GetString()!);
                break;
            case JsonValueKind.True:
                output.Append("true");
                break;
            case JsonValueKind.False:
                output.Append("false");
                break;
            case JsonValueKind.Null:
                output.Append("null");
                break;
            default:
                output.Append(value.GetRawText());
                break;
        }
    }
}
