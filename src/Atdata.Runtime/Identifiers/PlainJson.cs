using System.Globalization;
using System.Text.Json;
using Atdata.Shared;

namespace Atdata;

/// <summary>Turns a JSON element into the plain values Python's <c>json.loads</c> would give (dict, list, str, int, float, bool, None).</summary>
internal static class PlainJson
{
    /// <exception cref="ArgumentException">A number does not fit 64 bits or overflows a double.</exception>
    public static object? ToValue(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var map = new OrderedMap();
                var index = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    object? value = ToValue(property.Value);
                    if (index.TryGetValue(property.Name, out int at))
                    {
                        // Python keeps the first position and the last value of a repeated key.
                        map[at] = new KeyValuePair<string, object?>(property.Name, value);
                    }
                    else
                    {
                        index.Add(property.Name, map.Count);
                        map.Add(property.Name, value);
                    }
                }

                return map;
            case JsonValueKind.Array:
                return element.EnumerateArray().Select(ToValue).ToList();
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                return ToNumber(element);
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }

    private static object ToNumber(JsonElement element)
    {
        string raw = element.GetRawText();
        if (raw.AsSpan().IndexOfAny(".eE") < 0)
        {
            if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
            {
                return l;
            }

            if (ulong.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out ulong ul))
            {
                return ul;
            }

            throw new ArgumentException($"The integer {raw} does not fit in 64 bits, which DAG-CBOR requires.", nameof(element));
        }

        double d = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(d) ? d : throw new ArgumentException($"The number {raw} overflows a double.", nameof(element));
    }
}
