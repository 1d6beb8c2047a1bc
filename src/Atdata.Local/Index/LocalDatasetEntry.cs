namespace Atdata.Local;

/// <summary>
/// One dataset in a local index (Python's <c>LocalDatasetEntry</c>): a name, a schema reference, the shard URLs
/// and optional metadata, identified by a content CID over the schema reference and the URLs.
/// </summary>
/// <remarks>
/// The CID covers exactly <c>{"schema_ref", "data_urls"}</c> (interop §5.2), never the name or the metadata, so
/// the same shards indexed under two names share one entry. An entry read from the index keeps the stored
/// <c>cid</c> field as Python does; it is recomputed only when that field is absent.
/// </remarks>
public sealed class LocalDatasetEntry
{
    /// <summary>Creates an entry, computing its CID from <paramref name="schemaRef"/> and <paramref name="dataUrls"/> unless one is given.</summary>
    /// <param name="name">The human-readable dataset name.</param>
    /// <param name="schemaRef">The schema reference (for example <c>atdata://local/sampleSchema/ImageSample@1.0.0</c>).</param>
    /// <param name="dataUrls">The shard URLs (or brace patterns), in order.</param>
    /// <param name="metadata">Arbitrary metadata (msgpack-encodable values), or null.</param>
    /// <param name="cid">The stored CID; null or empty to compute it.</param>
    /// <exception cref="ArgumentNullException">An argument or a URL is null.</exception>
    public LocalDatasetEntry(string name, string schemaRef, IReadOnlyList<string> dataUrls, IReadOnlyDictionary<string, object?>? metadata = null, string? cid = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(schemaRef);
        ArgumentNullException.ThrowIfNull(dataUrls);
        Name = name;
        SchemaRef = schemaRef;
        DataUrls = dataUrls.ToArray();
        Metadata = metadata;
        Cid = string.IsNullOrEmpty(cid) ? Atdata.Cid.ForEntry(schemaRef, DataUrls).ToString() : cid;
    }

    /// <summary>The content identifier (<c>bafyrei…</c>).</summary>
    public string Cid { get; }

    /// <summary>The human-readable name.</summary>
    public string Name { get; }

    /// <summary>The schema reference, exactly as stored.</summary>
    public string SchemaRef { get; }

    /// <summary>The shard URLs (or brace patterns), in order.</summary>
    public IReadOnlyList<string> DataUrls { get; }

    /// <summary>The metadata map (for example <c>checksums</c>: URL → SHA-256 hex), or null when the entry has none.</summary>
    public IReadOnlyDictionary<string, object?>? Metadata { get; }

    /// <summary>The first data URL, or an empty string when there is none (legacy <c>wds_url</c>).</summary>
    public string WdsUrl => DataUrls.Count > 0 ? DataUrls[0] : string.Empty;

    /// <summary>The same as <see cref="SchemaRef"/> (legacy <c>sample_kind</c>).</summary>
    public string SampleKind => SchemaRef;

    /// <summary>The per-shard SHA-256 checksums from <c>metadata["checksums"]</c>, by URL; empty when there are none.</summary>
    public IReadOnlyDictionary<string, string> Checksums
    {
        get
        {
            if (Metadata is null || !Metadata.TryGetValue("checksums", out var value) || value is not IReadOnlyDictionary<string, object?> map)
            {
                return new Dictionary<string, string>(StringComparer.Ordinal);
            }

            return map.Where(kv => kv.Value is string).ToDictionary(kv => kv.Key, kv => (string)kv.Value!, StringComparer.Ordinal);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Cid})";
}
