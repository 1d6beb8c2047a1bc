using StackExchange.Redis;

namespace Atdata.Local;

/// <summary>Python atdata's Redis keys (interop §3). This SDK's own structures are named by <see cref="RedisLayout"/>.</summary>
internal static class RedisKeys
{
    public const string EntryPrefix = "LocalDatasetEntry:";
    public const string SchemaPrefix = "LocalSchema:";
    public const string LabelPrefix = "Label:";

    public static RedisKey Entry(string cid) => EntryPrefix + cid;

    public static RedisKey Schema(string name, string version) => SchemaPrefix + name + "@" + version;

    /// <summary>Python's label key; <paramref name="version"/> is empty for an unversioned label (the key ends in <c>@</c>).</summary>
    public static RedisKey Label(string name, string version = "") => LabelPrefix + name + "@" + version;
}
