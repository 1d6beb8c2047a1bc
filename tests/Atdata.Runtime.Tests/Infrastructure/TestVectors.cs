using System.Reflection;
using System.Text.Json;

namespace Atdata.Runtime.Tests.Infrastructure;

/// <summary>Locates and loads the shared interop vectors (<c>../shared/vectors</c> beside the repository); linked into the other test projects.</summary>
internal static class TestVectors
{
    public static string Directory { get; } = Locate();

    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>The shard Python atdata wrote (3 samples: id, name, value).</summary>
    public static string PythonFixtureShard => PathOf("python_fixture_test_samples.tar");

    public static JsonDocument Load(string fileName) => JsonDocument.Parse(File.ReadAllBytes(PathOf(fileName)));

    /// <summary>The vectors of <c>msgpack_samples.json</c> as (id, tagged input, expected bytes).</summary>
    public static IEnumerable<(string Id, JsonElement Input, byte[] Msgpack)> MsgpackSamples()
    {
        using var doc = Load("msgpack_samples.json");
        foreach (var v in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            yield return (v.GetProperty("id").GetString()!, v.GetProperty("input_tagged").Clone(), Convert.FromHexString(v.GetProperty("msgpack_hex").GetString()!));
        }
    }

    private static string Locate()
    {
        var configured = typeof(TestVectors).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AtdataVectorsDir")?.Value;
        if (configured is not null && System.IO.Directory.Exists(configured))
        {
            return configured;
        }

        // Fall back to walking up from the test binaries to the folder that holds shared/.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "vectors");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("The shared test vectors (../shared/vectors beside the repository) were not found.");
    }
}
