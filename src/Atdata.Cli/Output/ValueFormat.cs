using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Atdata.Cli.Output;

/// <summary>
/// How sample values and metadata are shown: arrays as dtype and shape (never their data), bytes as a
/// length, long strings and lists shortened for people; the same values as JSON for <c>--json</c>.
/// </summary>
internal static class ValueFormat
{
    private const int MaxText = 60;
    private const int MaxItems = 5;

    /// <summary>The kind of a value, for field listings: <c>str</c>, <c>int</c>, <c>ndarray float32</c>, <c>list[int]</c>….</summary>
    public static string Kind(object? value) => AsArray(value) switch
    {
        null => "null",
        string => "str",
        bool => "bool",
        long or ulong or int => "int",
        double or float => "float",
        byte[] => "bytes",
        NdArray a => "ndarray " + a.DType.SchemaName,
        IReadOnlyList<object?> list => list.Count == 0 ? "list" : "list[" + string.Join("|", list.Select(Kind).Distinct().Order(StringComparer.Ordinal)) + "]",
        IReadOnlyDictionary<string, object?> => "map",
        { } other => other.GetType().Name,
    };

    /// <summary>A one-line summary for people.</summary>
    public static string Human(object? value) => AsArray(value) switch
    {
        null => "null",
        string s => Quote(s.Length > MaxText ? s[..MaxText] + "…" : s),
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
        byte[] bytes => string.Create(CultureInfo.InvariantCulture, $"bytes[{bytes.Length}]"),
        NdArray a => $"ndarray {a.DType.SchemaName} {Shape(a)}",
        IReadOnlyList<object?> list => "[" + string.Join(", ", list.Take(MaxItems).Select(Human)) + (list.Count > MaxItems ? string.Create(CultureInfo.InvariantCulture, $", … ({list.Count} items)]") : "]"),
        IReadOnlyDictionary<string, object?> map => "{" + string.Join(", ", map.Take(MaxItems).Select(kv => kv.Key + ": " + Human(kv.Value))) + (map.Count > MaxItems ? ", …}" : "}"),
        { } other => other.ToString() ?? string.Empty,
    };

    /// <summary>
    /// Writes <paramref name="value"/> as JSON: arrays as <c>{"kind": "ndarray", "dtype", "shape"}</c>, bytes as
    /// <c>{"kind": "bytes", "length"}</c> (or, with <paramref name="bytesAsBase64"/>, a base64 string),
    /// non-finite floats as the strings <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>.
    /// </summary>
    public static void WriteJson(Utf8JsonWriter writer, object? value, bool bytesAsBase64 = false)
    {
        switch (bytesAsBase64 ? value : AsArray(value))
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case ulong u:
                writer.WriteNumberValue(u);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case double d:
                writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
                break;
            case byte[] bytes when bytesAsBase64:
                writer.WriteBase64StringValue(bytes);
                break;
            case byte[] bytes:
                writer.WriteStartObject();
                writer.WriteString("kind", "bytes");
                writer.WriteNumber("length", bytes.Length);
                writer.WriteEndObject();
                break;
            case NdArray a:
                writer.WriteStartObject();
                writer.WriteString("kind", "ndarray");
                writer.WriteString("dtype", a.DType.SchemaName);
                writer.WriteStartArray("shape");
                foreach (long dim in a.Shape)
                {
                    writer.WriteNumberValue(dim);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case IReadOnlyList<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteJson(writer, item, bytesAsBase64);
                }

                writer.WriteEndArray();
                break;
            case IReadOnlyDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    WriteJson(writer, item, bytesAsBase64);
                }

                writer.WriteEndObject();
                break;
            default:
                writer.WriteStringValue(value?.ToString());
                break;
        }
    }

    /// <summary>
    /// Schema-free samples carry arrays as msgpack bin holding the array payload (interop §1.4): bytes that parse
    /// as a payload are shown as the array; anything else stays bytes.
    /// </summary>
    private static object? AsArray(object? value)
    {
        if (value is byte[] { Length: >= 5 } bytes)
        {
            try
            {
                return NdArray.Parse(bytes);
            }
            catch (SampleFormatException)
            {
            }
        }

        return value;
    }

    private static string Shape(NdArray array)
    {
        var text = new StringBuilder("(");
        var shape = array.Shape;
        for (int i = 0; i < shape.Length; i++)
        {
            text.Append(i > 0 ? ", " : string.Empty).Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }

        return text.Append(shape.Length == 1 ? ",)" : ")").ToString();
    }

    private static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (char c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}
