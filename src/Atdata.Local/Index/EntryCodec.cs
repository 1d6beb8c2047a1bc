using System.Buffers;
using Atdata.Msgpack;

namespace Atdata.Local;

/// <summary>
/// Encodes and decodes an entry's <c>data_urls</c> and <c>metadata</c> exactly as Python atdata (msgpack-python
/// defaults): the <c>LocalDatasetEntry:{cid}</c> hash fields in Redis (interop §3.2) and the BLOB columns of
/// <c>dataset_entries</c> in SQLite (interop §3.6).
/// </summary>
internal static class EntryCodec
{
    public static byte[] EncodeUrls(IReadOnlyList<string> urls)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (urls.Count * 64));
        var writer = new MsgpackWriter(buffer);
        writer.WriteArrayHeader(urls.Count);
        foreach (string url in urls)
        {
            writer.WriteString(url);
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] EncodeMetadata(IReadOnlyDictionary<string, object?> metadata) => new DynamicSample(metadata).Pack();

    public static string[] DecodeUrls(ReadOnlySpan<byte> bytes)
    {
        var reader = new MsgpackReader(bytes);
        int count = reader.ReadArrayHeader();
        var urls = new string[count];
        for (int i = 0; i < count; i++)
        {
            urls[i] = reader.ReadString();
        }

        return urls;
    }

    public static IReadOnlyDictionary<string, object?> DecodeMetadata(ReadOnlySpan<byte> bytes) => DynamicSample.Unpack(bytes);

    /// <summary>
    /// Builds an entry from its stored fields (a Redis hash or a SQLite row); null when <paramref name="name"/>
    /// and <paramref name="schemaRef"/> are both absent (no such entry).
    /// </summary>
    /// <param name="keyCid">The CID the entry was found under, for messages.</param>
    /// <param name="name">The stored <c>name</c>.</param>
    /// <param name="schemaRef">The stored <c>schema_ref</c>.</param>
    /// <param name="urls">The stored <c>data_urls</c> msgpack array, or null.</param>
    /// <param name="cid">The stored <c>cid</c>; null or empty to recompute it.</param>
    /// <param name="metadata">The stored <c>metadata</c> msgpack map, or null.</param>
    /// <exception cref="IndexException">A required field is missing or a field does not decode.</exception>
    public static LocalDatasetEntry Decode(string keyCid, string? name, string? schemaRef, byte[]? urls, string? cid, byte[]? metadata)
    {
        if (name is null || schemaRef is null)
        {
            throw ThrowHelper.Index("get", $"Entry {keyCid} lacks its 'name' or 'schema_ref' field.");
        }

        try
        {
            string[] dataUrls = urls is null ? [] : DecodeUrls(urls);
            IReadOnlyDictionary<string, object?>? meta = metadata is null ? null : DecodeMetadata(metadata);
            return new LocalDatasetEntry(name, schemaRef, dataUrls, meta, string.IsNullOrEmpty(cid) ? null : cid);
        }
        catch (AtdataException e) when (e is not IndexException)
        {
            throw ThrowHelper.Index("get", $"Entry {keyCid} holds a malformed 'data_urls' or 'metadata' field: {e.Message}", e);
        }
    }
}
