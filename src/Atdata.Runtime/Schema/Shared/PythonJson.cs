using System.Collections;
using System.Globalization;
using System.Text;

namespace Atdata.Shared;

/// <summary>
/// Writes JSON byte for byte as Python's <c>json.dumps(value)</c> does with default settings: separators
/// <c>", "</c> and <c>": "</c>, keys in insertion order, and <c>ensure_ascii</c> escaping (every character
/// outside space…tilde becomes <c>\uXXXX</c> with lower-case hex, astral characters as surrogate pairs, and
/// <c>\"</c> <c>\\</c> <c>\n</c> <c>\r</c> <c>\t</c> <c>\b</c> <c>\f</c> for their characters).
/// </summary>
/// <remarks>
/// Values: <see langword="null"/>, <see cref="string"/>, <see cref="bool"/>, integers, maps
/// (<see cref="IEnumerable{T}"/> of string-keyed pairs, written in order) and lists. Floats are not needed by
/// schema records and are refused. Shared by file link with the netstandard2.0 generator.
/// </remarks>
internal static class PythonJson
{
    private const string HexDigits = "0123456789abcdef";

    /// <summary>Returns <c>json.dumps(value)</c>.</summary>
    /// <exception cref="ArgumentException">The value holds something other than the kinds listed above.</exception>
    public static string Serialize(object? value)
    {
        var output = new StringBuilder();
        Write(output, value, depth: 0);
        return output.ToString();
    }

    /// <summary>Appends a JSON string literal exactly as Python escapes it.</summary>
    public static void WriteString(StringBuilder output, string text)
    {
        output.Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"':
                    output.Append("\\\"");
                    break;
                case '\\':
                    output.Append("\\\\");
                    break;
                case '\n':
                    output.Append("\\n");
                    break;
                case '\r':
                    output.Append("\\r");
                    break;
                case '\t':
                    output.Append("\\t");
                    break;
                case '\b':
                    output.Append("\\b");
                    break;
                case '\f':
                    output.Append("\\f");
                    break;
                default:
                    if (c < ' ' || c > '~')
                    {
                        output.Append("\\u")
                            .Append(HexDigits[(c >> 12) & 0xF])
                            .Append(HexDigits[(c >> 8) & 0xF])
                            .Append(HexDigits[(c >> 4) & 0xF])
                            .Append(HexDigits[c & 0xF]);
                    }
                    else
                    {
                        output.Append(c);
                    }

                    break;
            }
        }

        output.Append('"');
    }

    private static void Write(StringBuilder output, object? value, int depth)
    {
        if (depth > DagCborEncoder.MaxDepth)
        {
            throw new ArgumentException($"The value nests lists and maps more than {DagCborEncoder.MaxDepth} levels deep (or refers to itself).", nameof(value));
        }

        switch (value)
        {
            case null:
                output.Append("null");
                return;
            case string text:
                WriteString(output, text);
                return;
            case bool flag:
                output.Append(flag ? "true" : "false");
                return;
            case long or int or short or sbyte or ulong or uint or ushort or byte:
                output.Append(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
                return;
            case IEnumerable<KeyValuePair<string, object?>> map:
                WriteMap(output, map, depth);
                return;
            case IEnumerable list and not byte[]:
                WriteList(output, list, depth);
                return;
            default:
                throw new ArgumentException($"A value of type '{value.GetType().Name}' is not written by the schema-JSON writer.", nameof(value));
        }
    }

    private static void WriteMap(StringBuilder output, IEnumerable<KeyValuePair<string, object?>> map, int depth)
    {
        output.Append('{');
        bool first = true;
        foreach (var pair in map)
        {
            if (!first)
            {
                output.Append(", ");
            }

            first = false;
            WriteString(output, pair.Key);
            output.Append(": ");
            Write(output, pair.Value, depth + 1);
        }

        output.Append('}');
    }

    private static void WriteList(StringBuilder output, IEnumerable list, int depth)
    {
        output.Append('[');
        bool first = true;
        foreach (object? item in list)
        {
            if (!first)
            {
                output.Append(", ");
            }

            first = false;
            Write(output, item, depth + 1);
        }

        output.Append(']');
    }
}
