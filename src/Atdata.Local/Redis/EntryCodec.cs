using System.Buffers;
using Atdata.Msgpack;
using StackExchange.Redis;

namespace Atdata.Local;

/// <summary>Encodes and decodes the <c>LocalDatasetEntry:{cid}</c> hash fields exactly as Python atdata (interop §3.2).</summary>
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

    /// <summary>Builds an entry from HGETALL fields; null when the hash is empty (absent).</summary>
    /// <exception cref="IndexException">A required field is missing or a field does not decode.</exception>
    public static LocalDatasetEntry? Decode(string keyCid, HashEntry[] fields)
    {
        if (fields.Length == 0)
        {
            return null;
        }

        RedisValue name = default, schemaRef = default, urls = default, cid = default, metadata = default;
        foreach (var field in fields)
        {
            switch ((string?)field.Name)
            {
                case "name": name = field.Value; break;
                case "schema_ref": schemaRef = field.Value; break;
                case "data_urls": urls = field.Value; break;
                case "cid": cid = field.Value; break;
                case "metadata": metadata = field.Value; break;
            }
        }

        if (name.IsNull || schemaRef.IsNull)
        {
            throw ThrowHelper.Index("get", $"Entry {keyCid} lacks its 'name' or 'schema_ref' field.");
        }

        try
        {
            string[] dataUrls = urls.IsNull ? [] : DecodeUrls((byte[])urls!);
            IReadOnlyDictionary<string, object?>? meta = metadata.IsNull ? null : DecodeMetadata((byte[])metadata!);
            return new LocalDatasetEntry((string)name!, (string)schemaRef!, dataUrls, meta, cid.IsNullOrEmpty ? null : (string?)cid);
        }
        catch (AtdataException e) when (e is not IndexException)
        {
            throw ThrowHelper.Index("get", $"Entry {keyCid} holds a malformed 'data_urls' or 'metadata' field: {e.Message}", e);
        }
    }
}
