using System.Text.Json;
using Atdata.Runtime.Tests.Infrastructure;

namespace Atdata.Runtime.Tests.Schema;

/// <summary>The vectors of entry_cids.json and schema_cids.json.</summary>
internal static class SchemaVectors
{
    public sealed record EntryVector(string Id, string SchemaRef, string[] DataUrls, string DagCborHex, string Sha256Hex, string CidBytesHex, string Cid);

    public sealed record RecordVector(string Id, JsonElement Input, string DagCborHex, string Cid, string? PythonJson);

    public static IReadOnlyList<EntryVector> Entries { get; } = LoadEntries();

    /// <summary>The schema vectors and the generic ones (which have no Python JSON).</summary>
    public static IReadOnlyList<RecordVector> Records { get; } = LoadRecords();

    public static EntryVector Entry(string id) => Entries.Single(v => v.Id == id);

    public static RecordVector Record(string id) => Records.Single(v => v.Id == id);

    private static List<EntryVector> LoadEntries()
    {
        using var doc = TestVectors.Load("entry_cids.json");
        return doc.RootElement.GetProperty("vectors").EnumerateArray().Select(v =>
        {
            var input = v.GetProperty("input");
            return new EntryVector(
                v.GetProperty("id").GetString()!,
                input.GetProperty("schema_ref").GetString()!,
                input.GetProperty("data_urls").EnumerateArray().Select(u => u.GetString()!).ToArray(),
                v.GetProperty("dag_cbor_hex").GetString()!,
                v.GetProperty("sha256_hex").GetString()!,
                v.GetProperty("cid_bytes_hex").GetString()!,
                v.GetProperty("cid").GetString()!);
        }).ToList();
    }

    private static List<RecordVector> LoadRecords()
    {
        using var doc = TestVectors.Load("schema_cids.json");
        return doc.RootElement.GetProperty("schema_vectors").EnumerateArray()
            .Concat(doc.RootElement.GetProperty("generic_vectors").EnumerateArray())
            .Select(v => new RecordVector(
                v.GetProperty("id").GetString()!,
                v.GetProperty("input").Clone(),
                v.GetProperty("dag_cbor_hex").GetString()!,
                v.GetProperty("cid").GetString()!,
                v.TryGetProperty("redis_json_as_python_json_dumps", out var json) ? json.GetString() : null))
            .ToList();
    }
}
