using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace Atdata.Local;

internal sealed partial class RedisIndexBackend
{
    private const int ListBatchSize = 512;

    /// <summary>
    /// Writes the entry hash, the name → CID mapping, the CID set and the <c>Label:{name}@</c> hash in one Lua
    /// script (all or nothing), optionally storing a schema if absent and clearing a pending insert record.
    /// Returns {1, cid} on success and {0, existingCid} when the name belongs to another CID and overwrite is off.
    /// </summary>
    private const string WriteEntryScript = """
        local current = redis.call('HGET', KEYS[2], ARGV[2])
        if not current then
          current = redis.call('HGET', KEYS[4], 'cid')
        end
        if current and current ~= ARGV[1] and ARGV[7] ~= '1' then
          return {0, current}
        end
        redis.call('HSET', KEYS[1], 'name', ARGV[2], 'schema_ref', ARGV[3], 'data_urls', ARGV[4], 'cid', ARGV[1])
        if ARGV[5] == '1' then
          redis.call('HSET', KEYS[1], 'metadata', ARGV[6])
        end
        redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
        redis.call('SADD', KEYS[3], ARGV[1])
        redis.call('HSET', KEYS[4], 'cid', ARGV[1], 'name', ARGV[2], 'version', '')
        if ARGV[9] ~= '' then
          redis.call('SET', KEYS[7], ARGV[9], 'NX')
        end
        if ARGV[8] ~= '' then
          redis.call('ZREM', KEYS[5], ARGV[8])
          redis.call('DEL', KEYS[6])
        end
        return {1, ARGV[1]}
        """;

    public async Task<string?> WriteEntryAsync(EntryWrite write, string operation, CancellationToken cancellationToken)
    {
        _ = await DatabaseAsync(operation, cancellationToken).ConfigureAwait(false);
        if (Layout.IsCluster)
        {
            return await WriteEntryOnClusterAsync(write, operation, cancellationToken).ConfigureAwait(false);
        }

        var entry = write.Entry;
        var layout = Layout;
        RedisKey[] keys =
        [
            RedisKeys.Entry(entry.Cid), layout.Names, layout.Entries, RedisKeys.Label(entry.Name),
            layout.Pending, layout.PendingUrls(write.PendingId ?? "none"),
            write.Schema is { } schema ? RedisKeys.Schema(schema.Name, schema.Version) : RedisKeys.Schema("none", "none"),
        ];
        RedisValue[] args =
        [
            entry.Cid, entry.Name, entry.SchemaRef, EntryCodec.EncodeUrls(entry.DataUrls),
            entry.Metadata is null ? "0" : "1", entry.Metadata is null ? RedisValue.EmptyString : EntryCodec.EncodeMetadata(entry.Metadata),
            write.Overwrite ? "1" : "0", write.PendingId ?? string.Empty, write.Schema?.Json ?? string.Empty,
        ];

        var result = (RedisResult[])(await RunAsync(operation, db => db.ScriptEvaluateAsync(WriteEntryScript, keys, args), cancellationToken).ConfigureAwait(false))!;
        return (long)result[0] == 0 ? (string)result[1]! : null;
    }

    public async Task<bool?> NameMapsToAsync(string name, string cid)
    {
        try
        {
            var mapped = await RunAsync("insert", db => db.HashGetAsync(Layout.Names, name), CancellationToken.None).ConfigureAwait(false);
            return mapped == cid;
        }
        catch (IndexException)
        {
            return null;
        }
    }

    public async Task<LocalDatasetEntry?> FindEntryAsync(string cid, CancellationToken cancellationToken)
    {
        var fields = await RunAsync("get", db => ReadEntryAsync(db, cid), cancellationToken).ConfigureAwait(false);
        return Decode(cid, fields);
    }

    /// <summary>
    /// The entry's fields: on a cluster the committed copy (complete by construction), else Python's hash (an entry
    /// only Python wrote); on one server Python's hash, which the commit script writes.
    /// </summary>
    private Task<HashEntry[]> ReadEntryAsync(IDatabaseAsync db, string cid)
    {
        // Both reads are queued before either is awaited, so this also works inside a batch.
        var python = db.HashGetAllAsync(RedisKeys.Entry(cid));
        return Layout.IsCluster ? PreferAsync(db.HashGetAllAsync(Layout.CommittedEntry(cid)), python) : python;

        static async Task<HashEntry[]> PreferAsync(Task<HashEntry[]> committed, Task<HashEntry[]> python)
        {
            var fields = await committed.ConfigureAwait(false);
            return fields.Length > 0 ? fields : await python.ConfigureAwait(false);
        }
    }

    public async Task<LocalDatasetEntry?> FindEntryByNameAsync(string name, CancellationToken cancellationToken)
    {
        var (ours, label) = await RunAsync("get", async db =>
        {
            var batch = db.CreateBatch();
            var a = batch.HashGetAsync(Layout.Names, name);
            var b = batch.HashGetAsync(RedisKeys.Label(name), "cid");
            batch.Execute();
            return ((string?)await a.ConfigureAwait(false), (string?)await b.ConfigureAwait(false));
        }, cancellationToken).ConfigureAwait(false);

        foreach (string? cid in new[] { ours, label })
        {
            if (!string.IsNullOrEmpty(cid)
                && await FindEntryAsync(cid, cancellationToken).ConfigureAwait(false) is { } entry
                && string.Equals(entry.Name, name, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return _options.ScanFallbackForNames ? await ScanForNameAsync(name, cancellationToken).ConfigureAwait(false) : null;
    }

    private async Task<LocalDatasetEntry?> ScanForNameAsync(string name, CancellationToken cancellationToken)
    {
        var db = await DatabaseAsync("get", cancellationToken).ConfigureAwait(false);
        await foreach (var key in ScanAsync(RedisKeys.EntryPrefix + "*", "get", cancellationToken).ConfigureAwait(false))
        {
            try
            {
                var stored = await db.HashGetAsync(key, "name").WaitAsync(cancellationToken).ConfigureAwait(false);
                if (stored == name)
                {
                    var fields = await db.HashGetAllAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false);
                    return Decode(((string)key!)[RedisKeys.EntryPrefix.Length..], fields);
                }
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                throw Wrap("get", e);
            }
        }

        return null;
    }

    public async IAsyncEnumerable<LocalDatasetEntry> EntriesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var members = await RunAsync("list", db => db.SetMembersAsync(Layout.Entries), cancellationToken).ConfigureAwait(false);
        for (int start = 0; start < members.Length; start += ListBatchSize)
        {
            int count = Math.Min(ListBatchSize, members.Length - start);
            var slice = new ArraySegment<RedisValue>(members, start, count);
            var hashes = await RunAsync("list", async db =>
            {
                var batch = db.CreateBatch();
                var tasks = new Task<HashEntry[]>[count];
                for (int i = 0; i < count; i++)
                {
                    tasks[i] = ReadEntryAsync(batch, (string)slice[i]!);
                }

                batch.Execute();
                return await Task.WhenAll(tasks).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);

            for (int i = 0; i < count; i++)
            {
                if (Decode((string)slice[i]!, hashes[i]) is { } entry)
                {
                    yield return entry;
                }
            }
        }
    }

    public async Task<int> ReindexAsync(CancellationToken cancellationToken)
    {
        var db = await DatabaseAsync("reindex", cancellationToken).ConfigureAwait(false);
        var layout = Layout;
        int added = 0;
        await foreach (var key in ScanAsync(RedisKeys.EntryPrefix + "*", "reindex", cancellationToken).ConfigureAwait(false))
        {
            try
            {
                string cid = ((string)key!)[RedisKeys.EntryPrefix.Length..];
                var name = await db.HashGetAsync(key, "name").WaitAsync(cancellationToken).ConfigureAwait(false);
                var batch = db.CreateBatch();
                var sadd = batch.SetAddAsync(layout.Entries, cid);
                Task<bool> hset = name.IsNullOrEmpty ? Task.FromResult(false) : batch.HashSetAsync(layout.Names, name, cid, When.NotExists);
                batch.Execute();
                if (await sadd.WaitAsync(cancellationToken).ConfigureAwait(false))
                {
                    added++;
                }

                await hset.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                throw Wrap("reindex", e);
            }
        }

        if (layout.IsCluster)
        {
            await RepairPythonKeysAsync(db, cancellationToken).ConfigureAwait(false);
        }

        return added;
    }

    /// <summary>Builds an entry from HGETALL fields; null when the hash is empty (absent).</summary>
    /// <exception cref="IndexException">A required field is missing or a field does not decode.</exception>
    private static LocalDatasetEntry? Decode(string keyCid, HashEntry[] fields)
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

        return EntryCodec.Decode(keyCid, (string?)name, (string?)schemaRef, urls.IsNull ? null : (byte[])urls!, (string?)cid, metadata.IsNull ? null : (byte[])metadata!);
    }
}
