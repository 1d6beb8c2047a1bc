using System.Text.Json;

namespace Atdata;

/// <summary>Small checked accessors over <see cref="JsonElement"/> that report problems as <see cref="SchemaFormatException"/> with a path.</summary>
internal static class SchemaJson
{
    /// <summary>The options schema JSON is read with (any valid JSON, nothing more).</summary>
    public static JsonDocumentOptions DocumentOptions => new() { MaxDepth = 2 * SchemaFieldType.MaxNesting + 8 };

    /// <summary>Finds a property; when a key repeats, the last one wins, as in Python's <c>json.loads</c>.</summary>
    public static bool TryGetLast(JsonElement obj, string name, out JsonElement value)
    {
        bool found = false;
        value = default;
        foreach (var property in obj.EnumerateObject())
        {
            if (property.NameEquals(name))
            {
                value = property.Value;
                found = true;
            }
        }

        return found;
    }

    public static JsonElement Require(JsonElement obj, string name, string path)
        => TryGetLast(obj, name, out var value) ? value : throw new SchemaFormatException($"The key '{name}' is missing", path);

    public static void RequireObject(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new SchemaFormatException($"Expected a JSON object, found {Describe(element)}", path);
        }
    }

    public static JsonElement RequireArray(JsonElement element, string path)
        => element.ValueKind == JsonValueKind.Array ? element : throw new SchemaFormatException($"Expected a JSON array, found {Describe(element)}", path);

    public static string RequireString(JsonElement element, string path)
        => element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new SchemaFormatException($"Expected a string, found {Describe(element)}", path);

    /// <summary>A string, or <see langword="null"/> for JSON null.</summary>
    public static string? OptionalString(JsonElement element, string path)
        => element.ValueKind == JsonValueKind.Null ? null : RequireString(element, path);

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
