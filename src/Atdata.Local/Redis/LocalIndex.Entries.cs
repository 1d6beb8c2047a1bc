using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace Atdata.Local;

public sealed partial class LocalIndex
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

    /// <summary>
    /// Records <paramref name="dataset"/> under <paramref name="name"/> with its URL as given (Python's
    /// <c>add_entry</c>: <c>data_urls = [dataset.Url]</c>); nothing is copied.
    /// </summary>
    /// <param name="dataset">The dataset; its <see cref="Dataset{T}.Url"/> is recorded verbatim (brace patterns included).</param>
    /// <param name="name">The dataset name (see <see cref="ValidateName"/>).</param>
    /// <param name="schemaRef">The schema reference; null for <c>atdata://local/sampleSchema/{T.SchemaName}@1.0.0</c>.</param>
    /// <param name="metadata">Metadata to record, or null.</param>
    /// <param name="options">Only <see cref="InsertOptions.Overwrite"/> and <see cref="InsertOptions.Schema"/> apply.</param>
    /// <param name="cancellationToken">Stops waiting (the write may still happen).</param>
    /// <exception cref="DatasetExistsException">Another entry already has the name and overwrite is off.</exception>
    /// <exception cref="IndexException">Redis failed or timed out.</exception>
    public Task<LocalDatasetEntry> AddEntryAsync<T>(Dataset<T> dataset, string name, string? schemaRef = null,
        IReadOnlyDictionary<string, object?>? metadata = null, InsertOptions? options = null, CancellationToken cancellationToken = default)
        where T : IPackable<T>
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ValidateName(name, nameof(name));
        var entry = new LocalDatasetEntry(name, schemaRef ?? DefaultSchemaRef<T>(), [dataset.Url], metadata);
        return WriteEntryAsync(entry, options, pendingId: null, "add", cancellationToken);
    }

    /// <summary>Writes an entry built by hand (for example one copied from another index).</summary>
    /// <inheritdoc cref="AddEntryAsync{T}"/>
    public Task<LocalDatasetEntry> AddEntryAsync(LocalDatasetEntry entry, InsertOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ValidateName(entry.Name, nameof(entry));
        return WriteEntryAsync(entry, options, pendingId: null, "add", cancellationToken);
    }

    internal static string DefaultSchemaRef<T>()
        where T : IPackable<T>
        => SchemaRef.Local(T.SchemaName, "1.0.0").ToString();

    private async Task<LocalDatasetEntry> WriteEntryAsync(LocalDatasetEntry entry, InsertOptions? options, string? pendingId, string operation, CancellationToken cancellationToken)
    {
        string schemaKey = string.Empty, schemaJson = string.Empty;
        if (options?.Schema is { } schema)
        {
            var parsed = SchemaRef.Parse(entry.SchemaRef);
            schemaKey = RedisKeys.Schema(parsed.Name, parsed.Version).ToString();
            schemaJson = (schema with { Version = parsed.Version, Ref = null, CreatedAt = schema.CreatedAt ?? _options.TimeProvider.GetUtcNow() }).ToJson();
        }

        RedisKey[] keys =
        [
            RedisKeys.Entry(entry.Cid), RedisKeys.Names, RedisKeys.Entries, RedisKeys.Label(entry.Name),
            RedisKeys.Pending, RedisKeys.PendingUrls(pendingId ?? "none"), schemaKey.Length > 0 ? (RedisKey)schemaKey : RedisKeys.Schema("none", "none"),
        ];
        RedisValue[] args =
        [
            entry.Cid, entry.Name, entry.SchemaRef, EntryCodec.EncodeUrls(entry.DataUrls),
            entry.Metadata is null ? "0" : "1", entry.Metadata is null ? RedisValue.EmptyString : EntryCodec.EncodeMetadata(entry.Metadata),
            options?.Overwrite == true ? "1" : "0", pendingId ?? string.Empty, schemaJson,
        ];

        var result = (RedisResult[])(await RunAsync(operation, db => db.ScriptEvaluateAsync(WriteEntryScript, keys, args), cancellationToken).ConfigureAwait(false))!;
        if ((long)result[0] == 0)
        {
            throw ThrowHelper.DatasetExists(entry.Name, (string)result[1]!);
        }

        return entry;
    }

    /// <summary>The entry with CID <paramref name="cid"/> (one <c>HGETALL</c>).</summary>
    /// <exception cref="DatasetNotFoundException">No entry has the CID.</exception>
    /// <exception cref="IndexException">Redis failed, or the stored entry is malformed.</exception>
    public async Task<LocalDatasetEntry> GetEntryAsync(string cid, CancellationToken cancellationToken = default)
        => await FindEntryAsync(cid, cancellationToken).ConfigureAwait(false) ?? throw ThrowHelper.DatasetNotFound(cid, isCid: true);

    /// <summary>The entry with CID <paramref name="cid"/>, or null.</summary>
    /// <exception cref="IndexException">Redis failed, or the stored entry is malformed.</exception>
    public async Task<LocalDatasetEntry?> FindEntryAsync(string cid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(cid);
        var fields = await RunAsync("get", db => db.HashGetAllAsync(RedisKeys.Entry(cid)), cancellationToken).ConfigureAwait(false);
        return EntryCodec.Decode(cid, fields);
    }

    /// <summary>
    /// The entry named <paramref name="name"/>: looked up in this SDK's name hash, then in Python's
    /// <c>Label:{name}@</c> hash, and only if both miss (an entry seed-era Python wrote) by scanning entries.
    /// </summary>
    /// <exception cref="DatasetNotFoundException">No entry has the name.</exception>
    /// <exception cref="IndexException">Redis failed, or the stored entry is malformed.</exception>
    public async Task<LocalDatasetEntry> GetEntryByNameAsync(string name, CancellationToken cancellationToken = default)
        => await FindEntryByNameAsync(name, cancellationToken).ConfigureAwait(false) ?? throw ThrowHelper.DatasetNotFound(name, isCid: false);

    /// <summary>The entry named <paramref name="name"/>, or null (see <see cref="GetEntryByNameAsync"/>).</summary>
    /// <exception cref="IndexException">Redis failed, or the stored entry is malformed.</exception>
    public async Task<LocalDatasetEntry?> FindEntryByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var (ours, label) = await RunAsync("get", async db =>
        {
            var batch = db.CreateBatch();
            var a = batch.HashGetAsync(RedisKeys.Names, name);
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
        try
        {
            var server = await ServerAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var key in server.KeysAsync(db.Database, RedisKeys.EntryPrefix + "*", pageSize: 1000).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var stored = await db.HashGetAsync(key, "name").WaitAsync(cancellationToken).ConfigureAwait(false);
                if (stored == name)
                {
                    var fields = await db.HashGetAllAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false);
                    return EntryCodec.Decode(((string)key!)[RedisKeys.EntryPrefix.Length..], fields);
                }
            }

            return null;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw Wrap("get", e);
        }
    }

    /// <summary>
    /// Every entry this SDK wrote or adopted (<c>SMEMBERS atdata:entries</c>, then pipelined <c>HGETALL</c> in
    /// batches); no key scan. Entries Python wrote appear after <see cref="ReindexAsync"/>. Order is unspecified.
    /// </summary>
    /// <exception cref="IndexException">Redis failed, or a stored entry is malformed.</exception>
    public async IAsyncEnumerable<LocalDatasetEntry> EntriesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var members = await RunAsync("list", db => db.SetMembersAsync(RedisKeys.Entries), cancellationToken).ConfigureAwait(false);
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
                    tasks[i] = batch.HashGetAllAsync(RedisKeys.Entry((string)slice[i]!));
                }

                batch.Execute();
                return await Task.WhenAll(tasks).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);

            for (int i = 0; i < count; i++)
            {
                if (EntryCodec.Decode((string)slice[i]!, hashes[i]) is { } entry)
                {
                    yield return entry;
                }
            }
        }
    }

    /// <summary>Every entry as a list (see <see cref="EntriesAsync"/>).</summary>
    public async Task<IReadOnlyList<LocalDatasetEntry>> GetAllEntriesAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<LocalDatasetEntry>();
        await foreach (var entry in EntriesAsync(cancellationToken).ConfigureAwait(false))
        {
            all.Add(entry);
        }

        return all;
    }

    /// <summary>
    /// Adopts entries written by Python (or any writer that did not maintain this SDK's structures): scans
    /// <c>LocalDatasetEntry:*</c> once, adds each CID to the entry set, and maps each name not yet mapped to
    /// its CID. Returns how many CIDs were added to the set. The only listing-related operation that scans.
    /// </summary>
    /// <exception cref="IndexException">Redis failed.</exception>
    public async Task<int> ReindexAsync(CancellationToken cancellationToken = default)
    {
        var db = await DatabaseAsync("reindex", cancellationToken).ConfigureAwait(false);
        int added = 0;
        try
        {
            var server = await ServerAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var key in server.KeysAsync(db.Database, RedisKeys.EntryPrefix + "*", pageSize: 1000).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                string cid = ((string)key!)[RedisKeys.EntryPrefix.Length..];
                var name = await db.HashGetAsync(key, "name").WaitAsync(cancellationToken).ConfigureAwait(false);
                var batch = db.CreateBatch();
                var sadd = batch.SetAddAsync(RedisKeys.Entries, cid);
                Task<bool> hset = name.IsNullOrEmpty ? Task.FromResult(false) : batch.HashSetAsync(RedisKeys.Names, name, cid, When.NotExists);
                batch.Execute();
                if (await sadd.WaitAsync(cancellationToken).ConfigureAwait(false))
                {
                    added++;
                }

                await hset.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw Wrap("reindex", e);
        }

        return added;
    }
}
