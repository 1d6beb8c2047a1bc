using StackExchange.Redis;

namespace Atdata.Local;

/// <summary>The Redis keys: Python atdata's (interop §3) and this SDK's own lookup structures.</summary>
internal static class RedisKeys
{
    public const string EntryPrefix = "LocalDatasetEntry:";
    public const string SchemaPrefix = "LocalSchema:";
    public const string LabelPrefix = "Label:";

    /// <summary>This SDK's hash of dataset name → CID (Python has none; it scans).</summary>
    public static readonly RedisKey Names = "atdata:names";

    /// <summary>This SDK's set of every entry CID it wrote or adopted.</summary>
    public static readonly RedisKey Entries = "atdata:entries";

    /// <summary>Sorted set of pending insert ids, scored by start time (Unix milliseconds).</summary>
    public static readonly RedisKey Pending = "atdata:pending";

    public static RedisKey Entry(string cid) => EntryPrefix + cid;

    public static RedisKey Schema(string name, string version) => SchemaPrefix + name + "@" + version;

    /// <summary>Python's label key; <paramref name="version"/> is empty for an unversioned label (the key ends in <c>@</c>).</summary>
    public static RedisKey Label(string name, string version = "") => LabelPrefix + name + "@" + version;

    /// <summary>The list of shard URLs a pending insert has written so far.</summary>
    public static RedisKey PendingUrls(string insertId) => "atdata:pending:" + insertId;
}
