using System.Text.Json;

namespace Atdata.Runtime.Tests.Generated;

/// <summary>Reads the shared msgpack vectors (computed independently of this SDK) at test time.</summary>
internal static class Vectors
{
    private static readonly Lazy<Dictionary<string, JsonElement>> s_samples = new(LoadSamples);

    public static string Directory => Infrastructure.TestVectors.Directory;

    /// <summary>The expected msgpack bytes of the vector <paramref name="id"/>.</summary>
    public static byte[] Bytes(string id) => Convert.FromHexString(s_samples.Value[id].GetProperty("msgpack_hex").GetString()!);

    /// <summary>The tagged input of the vector <paramref name="id"/>.</summary>
    public static JsonElement Input(string id) => s_samples.Value[id].GetProperty("input_tagged");

    /// <summary>Decodes a <c>{"$bytes": hex}</c> input.</summary>
    public static byte[] TaggedBytes(JsonElement element) => Convert.FromHexString(element.GetProperty("$bytes").GetString()!);

    private static Dictionary<string, JsonElement> LoadSamples()
    {
        string path = Path.Combine(Directory, "msgpack_samples.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var vector in document.RootElement.GetProperty("vectors").EnumerateArray())
        {
            result.Add(vector.GetProperty("id").GetString()!, vector.Clone());
        }

        return result;
    }
}
