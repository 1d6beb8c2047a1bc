using System.Text.Json;
using Atdata.Reliability.Tests.Infrastructure;

namespace Atdata.Reliability.Tests.Corpus;

/// <summary>Reads and (when rebuilding) writes <c>Corpus/manifest.json</c> and the files it lists.</summary>
internal static class CorpusFiles
{
    public const string Description =
        "Named malicious inputs replayed by CorpusTests (docs/reliability.md). Written by CorpusBuilder with ATDATA_REBUILD_CORPUS=1; do not edit by hand.";

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static string ManifestPath => Path.Combine(RepoPaths.Corpus, "manifest.json");

    public static Manifest Load() => JsonSerializer.Deserialize<Manifest>(File.ReadAllBytes(ManifestPath))!;

    public static byte[] Content(ManifestEntry entry) => File.ReadAllBytes(Path.Combine(RepoPaths.Corpus, entry.File));

    public static string Serialize(Manifest manifest) => JsonSerializer.Serialize(manifest, s_json) + "\n";

    /// <summary>Replaces the corpus folder's files with <paramref name="cases"/> (removing stale ones).</summary>
    public static void Write(IReadOnlyList<CorpusCase> cases)
    {
        Directory.CreateDirectory(RepoPaths.Corpus);
        var keep = new HashSet<string>(cases.Select(c => c.FileName), StringComparer.Ordinal) { "manifest.json" };
        foreach (string file in Directory.GetFiles(RepoPaths.Corpus))
        {
            if (!keep.Contains(Path.GetFileName(file)) && !file.EndsWith(".cs", StringComparison.Ordinal))
            {
                File.Delete(file);
            }
        }

        foreach (var c in cases)
        {
            File.WriteAllBytes(Path.Combine(RepoPaths.Corpus, c.FileName), c.Content);
        }

        File.WriteAllText(ManifestPath, Serialize(new Manifest(Description, [.. cases.Select(c => c.ToManifest())])));
    }
}
