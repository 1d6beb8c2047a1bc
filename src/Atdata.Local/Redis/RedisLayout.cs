using StackExchange.Redis;

namespace Atdata.Local;

/// <summary>
/// This SDK's own Redis structures (the name hash, the entry set, pending inserts), named for the server they
/// live on. On one server they keep their original <c>atdata:*</c> names. On a Redis Cluster they carry the
/// hash tag <c>{atdata}</c>, so every key of the atomic commit step lands in one hash slot (a Lua script may
/// only touch keys of one slot), and the commit also keeps a complete copy of the entry
/// (<c>{atdata}:entry:{cid}</c>): Python's <c>LocalDatasetEntry:{cid}</c> and <c>Label:{name}@</c> cannot carry a
/// hash tag, so they are written right after the commit and lookups read the copy.
/// </summary>
internal sealed class RedisLayout
{
    /// <summary>The single-server layout (unchanged key names).</summary>
    public static readonly RedisLayout Single = new("atdata:", isCluster: false);

    /// <summary>The cluster layout: one hash slot for every key of the commit step.</summary>
    public static readonly RedisLayout Cluster = new("{atdata}:", isCluster: true);

    private readonly string _prefix;

    private RedisLayout(string prefix, bool isCluster)
    {
        _prefix = prefix;
        IsCluster = isCluster;
        Names = prefix + "names";
        Entries = prefix + "entries";
        Pending = prefix + "pending";
    }

    /// <summary>Whether this is the cluster layout.</summary>
    public bool IsCluster { get; }

    /// <summary>Dataset name → CID hash.</summary>
    public RedisKey Names { get; }

    /// <summary>Set of every entry CID this SDK wrote or adopted.</summary>
    public RedisKey Entries { get; }

    /// <summary>Sorted set of pending insert ids, scored by start time (Unix milliseconds).</summary>
    public RedisKey Pending { get; }

    /// <summary>The list of shard URLs a pending insert has written so far.</summary>
    public RedisKey PendingUrls(string insertId) => _prefix + "pending:" + insertId;

    /// <summary>Cluster only: the committed copy of an entry, in the same slot as the name hash.</summary>
    public RedisKey CommittedEntry(string cid) => _prefix + "entry:" + cid;
}
