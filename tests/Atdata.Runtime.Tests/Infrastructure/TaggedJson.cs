using System.Collections.ObjectModel;
using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Atdata.Runtime.Tests.Infrastructure;

/// <summary>
/// Turns the vectors' tagged JSON inputs ({"$bytes": hex}, {"$float": x}, {"$bigint": dec}) into the values a
/// <see cref="DynamicSample"/> holds, so expected values can be built independently of the decoder.
/// </summary>
internal static class TaggedJson
{
    public static DynamicSample ToSample(JsonElement map)
        => new(map.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, ToValue(p.Value))));

    public static object? ToValue(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String:
                return e.GetString();
            case JsonValueKind.Number:
                return e.GetInt64();
            case JsonValueKind.Array:
                return new ReadOnlyCollection<object?>(e.EnumerateArray().Select(ToValue).ToArray());
            case JsonValueKind.Object:
                if (e.TryGetProperty("$bytes", out var hex))
                {
                    return Convert.FromHexString(hex.GetString()!);
                }

                if (e.TryGetProperty("$float", out var f))
                {
                    return f.GetDouble();
                }

                if (e.TryGetProperty("$bigint", out var big))
                {
                    var value = BigInteger.Parse(big.GetString()!, CultureInfo.InvariantCulture);
                    return value > long.MaxValue ? (object)(ulong)value : (long)value;
                }

                return ToSample(e);
            default:
                throw new NotSupportedException(e.ValueKind.ToString());
        }
    }
}
