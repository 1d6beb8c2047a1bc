using StackExchange.Redis;

namespace Atdata.Local;

/// <summary>
/// The insert's atomic step on a Redis Cluster. A Lua script may only touch keys of one hash slot, and Python's
/// keys (<c>LocalDatasetEntry:{cid}</c>, <c>Label:{name}@</c>, <c>LocalSchema:…</c>) cannot carry a hash tag, so:
/// <list type="number">
/// <item>the schema is stored if absent first (a single-key <c>SET NX</c>; harmless when the insert then loses);</item>
/// <item>the commit point is one script over the <c>{atdata}</c> slot: it checks the name (this SDK's hash, or
/// Python's label read just before) and writes the complete entry copy, the name mapping and the entry set,
/// and clears the pending record;</item>
/// <item>Python's entry hash and label are then written from the same fields, idempotently. If that fails the
/// insert has still happened: this SDK's lookups read the committed copy, and <see cref="ReindexAsync"/>
/// rewrites the missing Python keys.</item>
/// </list>
/// </summary>
internal sealed partial class RedisIndexBackend
{
    /// <summary>KEYS: names, entries, committed entry, pending, pending URLs. Returns {1, cid} or {0, holderCid}.</summary>
    private const string CommitOnClusterScript = """
        local current = redis.call('HGET', KEYS[1], ARGV[2])
        if not current and ARGV[9] ~= '' then
          current = ARGV[9]
        end
        if current and current ~= ARGV[1] and ARGV[7] ~= '1' then
          return {0, current}
        end
        redis.call('HSET', KEYS[3], 'name', ARGV[2], 'schema_ref', ARGV[3], 'data_urls', ARGV[4], 'cid', ARGV[1])
        if ARGV[5] == '1' then
          redis.call('HSET', KEYS[3], 'metadata', ARGV[6])
        end
        redis.call('HSET', KEYS[1], ARGV[2], ARGV[1])
        redis.call('SADD', KEYS[2], ARGV[1])
        if ARGV[8] ~= '' then
          redis.call('ZREM', KEYS[4], ARGV[8])
          redis.call('DEL', KEYS[5])
        end
        return {1, ARGV[1]}
        """;

    private async Task<string?> WriteEntryOnClusterAsync(EntryWrite write, string operation, CancellationToken cancellationToken)
    {
        var entry = write.Entry;
        var layout = Layout;
        var label = await RunAsync(operation, db => db.HashGetAsync(RedisKeys.Label(entry.Name), "cid"), cancellationToken).ConfigureAwait(false);
        if (write.Schema is { } schema)
        {
            await RunAsync(operation, db => db.StringSetAsync(RedisKeys.Schema(schema.Name, schema.Version), schema.Json, when: When.NotExists), cancellationToken).ConfigureAwait(false);
        }

        RedisValue metadata = entry.Metadata is null ? RedisValue.Null : EntryCodec.EncodeMetadata(entry.Metadata);
        RedisKey[] keys =
        [
            layout.Names, layout.Entries, layout.CommittedEntry(entry.Cid), layout.Pending, layout.PendingUrls(write.PendingId ?? "none"),
        ];
        RedisValue[] args =
        [
            entry.Cid, entry.Name, entry.SchemaRef, EntryCodec.EncodeUrls(entry.DataUrls),
            metadata.IsNull ? "0" : "1", metadata.IsNull ? RedisValue.EmptyString : metadata,
            write.Overwrite ? "1" : "0", write.PendingId ?? string.Empty, label.IsNullOrEmpty ? RedisValue.EmptyString : label,
        ];

        var result = (RedisResult[])(await RunAsync(operation, db => db.ScriptEvaluateAsync(CommitOnClusterScript, keys, args), cancellationToken).ConfigureAwait(false))!;
        if ((long)result[0] == 0)
        {
            return (string)result[1]!;
        }

        HashEntry[] fields =
        [
            new("name", entry.Name), new("schema_ref", entry.SchemaRef), new("data_urls", args[3]), new("cid", entry.Cid),
            .. metadata.IsNull ? Array.Empty<HashEntry>() : [new HashEntry("metadata", metadata)],
        ];
        try
        {
            var db = await DatabaseAsync(operation, CancellationToken.None).ConfigureAwait(false);
            await WritePythonKeysAsync(db, entry.Cid, entry.Name, fields).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or IndexException)
        {
            // Committed already: lookups read the committed copy; ReindexAsync rewrites Python's keys.
        }

        return null;
    }

    /// <summary>Python's entry hash and unversioned label for a committed entry (idempotent).</summary>
    private static async Task WritePythonKeysAsync(IDatabaseAsync db, string cid, string name, HashEntry[] fields)
    {
        var entry = db.HashSetAsync(RedisKeys.Entry(cid), fields);
        var label = db.HashSetAsync(RedisKeys.Label(name), [new("cid", cid), new("name", name), new("version", string.Empty)]);
        await Task.WhenAll(entry, label).ConfigureAwait(false);
    }

    /// <summary>
    /// Cluster repair: for every name this SDK committed, rewrites Python's entry hash when it is missing and the
    /// label when it does not point at the committed CID (a process that died between the commit and those writes).
    /// </summary>
    private async Task RepairPythonKeysAsync(IDatabase db, CancellationToken cancellationToken)
    {
        try
        {
            var names = await db.HashGetAllAsync(Layout.Names).WaitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var pair in names)
            {
                string name = (string)pair.Name!, cid = (string)pair.Value!;
                var exists = db.KeyExistsAsync(RedisKeys.Entry(cid));
                var label = db.HashGetAsync(RedisKeys.Label(name), "cid");
                if (await exists.WaitAsync(cancellationToken).ConfigureAwait(false) && await label.WaitAsync(cancellationToken).ConfigureAwait(false) == cid)
                {
                    continue;
                }

                var fields = await db.HashGetAllAsync(Layout.CommittedEntry(cid)).WaitAsync(cancellationToken).ConfigureAwait(false);
                if (fields.Length > 0)
                {
                    await WritePythonKeysAsync(db, cid, name, fields).WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw Wrap("reindex", e);
        }
    }
}
