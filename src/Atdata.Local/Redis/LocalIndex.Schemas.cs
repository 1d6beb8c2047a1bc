using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace Atdata.Local;

public sealed partial class LocalIndex
{
    private const int MaxVersionAttempts = 32;

    /// <summary>SET the schema if absent and return null; otherwise return the stored JSON (atomic).</summary>
    private const string PublishSchemaScript = """
        local current = redis.call('GET', KEYS[1])
        if current then
          return current
        end
        redis.call('SET', KEYS[1], ARGV[1])
        return false
        """;

    /// <summary>
    /// Publishes the schema the generator computed for <typeparamref name="T"/> (<c>T.Schema</c>) and returns
    /// <c>atdata://local/sampleSchema/{Name}@{version}</c>; see <see cref="PublishSchemaAsync(SchemaRecord, string?, string?, CancellationToken)"/>.
    /// </summary>
    /// <param name="version">The version (strict <c>X.Y.Z</c>); null for the next patch after the highest stored one.</param>
    /// <param name="description">The description; null to keep the type's.</param>
    /// <param name="cancellationToken">Stops waiting (the write may still happen).</param>
    /// <exception cref="SchemaMismatchException"><c>name@version</c> is stored with different content.</exception>
    /// <exception cref="IndexException">Redis failed.</exception>
    public Task<string> PublishSchemaAsync<T>(string? version = null, string? description = null, CancellationToken cancellationToken = default)
        where T : IPackable<T>
        => PublishSchemaAsync(T.Schema, version, description, cancellationToken);

    /// <summary>
    /// Stores <paramref name="record"/> as <c>LocalSchema:{Name}@{version}</c> (Python's <c>json.dumps</c> form,
    /// without <c>$ref</c>, <c>createdAt</c> set now) and returns <c>atdata://local/sampleSchema/{Name}@{version}</c>.
    /// </summary>
    /// <param name="record">The schema (its own version and creation time are replaced).</param>
    /// <param name="version">The version (strict <c>X.Y.Z</c>); null for the next patch after the highest strict version stored under the name (<c>1.0.0</c> when there is none).</param>
    /// <param name="description">The description; null to keep the record's.</param>
    /// <param name="cancellationToken">Stops waiting (the write may still happen).</param>
    /// <remarks>
    /// Publishing is conditional and atomic: an existing <c>name@version</c> with the same content (compared
    /// without <c>createdAt</c>) makes the call idempotent; different content raises
    /// <see cref="SchemaMismatchException"/>, never a silent overwrite. Without a version, if the highest
    /// stored version already has the same content its reference is returned; otherwise the next patch is
    /// claimed with a conditional SET, and a concurrent publisher that claims it first makes this one move on
    /// to the following patch. Finding the highest version scans <c>LocalSchema:{Name}@*</c> (publishing is rare).
    /// </remarks>
    /// <exception cref="SchemaMismatchException"><c>name@version</c> is stored with different content.</exception>
    /// <exception cref="IndexException">Redis failed.</exception>
    public async Task<string> PublishSchemaAsync(SchemaRecord record, string? version = null, string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (description is not null)
        {
            record = record with { Description = description };
        }

        record = record with { Ref = null, CreatedAt = _options.TimeProvider.GetUtcNow() };
        if (version is not null)
        {
            var reference = SchemaRef.Local(record.Name, version);
            await PublishExactAsync(record with { Version = version }, cancellationToken).ConfigureAwait(false);
            return reference.ToString();
        }

        for (int attempt = 0; attempt < MaxVersionAttempts; attempt++)
        {
            var (highest, highestJson) = await HighestVersionAsync(record.Name, cancellationToken).ConfigureAwait(false);
            if (highestJson is not null && SameContent(SchemaRecord.Parse(highestJson), record with { Version = highest!.Value.ToString() }))
            {
                return SchemaRef.Local(record.Name, highest.Value).ToString();
            }

            var next = highest?.NextPatch() ?? SchemaVersion.Initial;
            var candidate = record with { Version = next.ToString() };
            string? stored = await TrySetSchemaAsync(candidate, cancellationToken).ConfigureAwait(false);
            if (stored is null || SameContent(SchemaRecord.Parse(stored), candidate))
            {
                return SchemaRef.Local(record.Name, next).ToString();
            }

            // Another publisher claimed this version first; look again.
        }

        throw ThrowHelper.Index("publish", $"Could not allocate a version for schema {record.Name} after {MaxVersionAttempts} attempts.");
    }

    private async Task PublishExactAsync(SchemaRecord record, CancellationToken cancellationToken)
    {
        string? stored = await TrySetSchemaAsync(record, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            var existing = SchemaRecord.Parse(stored);
            if (!SameContent(existing, record))
            {
                throw ThrowHelper.SchemaConflict(existing, record);
            }
        }
    }

    /// <summary>Whether two records are the same schema: equal after dropping <c>createdAt</c> and <c>$ref</c>.</summary>
    private static bool SameContent(SchemaRecord a, SchemaRecord b) => a.ComputeStableCid() == b.ComputeStableCid();

    private async Task<string?> TrySetSchemaAsync(SchemaRecord record, CancellationToken cancellationToken)
    {
        var result = await RunAsync("publish", db => db.ScriptEvaluateAsync(PublishSchemaScript, [RedisKeys.Schema(record.Name, record.Version)], [record.ToJson()]), cancellationToken).ConfigureAwait(false);
        return result.IsNull ? null : (string?)result;
    }

    private async Task<(SchemaVersion? Version, string? Json)> HighestVersionAsync(string name, CancellationToken cancellationToken)
    {
        SchemaVersion? highest = null;
        await foreach (var key in SchemaKeysAsync(RedisKeys.SchemaPrefix + EscapeGlob(name) + "@*", cancellationToken).ConfigureAwait(false))
        {
            var (keyName, keyVersion) = SplitSchemaKey(key);
            if (string.Equals(keyName, name, StringComparison.Ordinal) && SchemaVersion.TryParse(keyVersion, out var v) && (highest is null || v > highest.Value))
            {
                highest = v;
            }
        }

        if (highest is null)
        {
            return (null, null);
        }

        var json = await RunAsync("publish", db => db.StringGetAsync(RedisKeys.Schema(name, highest.Value.ToString())), cancellationToken).ConfigureAwait(false);
        return (highest, json.IsNull ? null : (string?)json);
    }

    private static string EscapeGlob(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Splits <c>LocalSchema:{name}@{version}</c> at the last <c>@</c>; a legacy <c>module.Class</c> name is reduced to <c>Class</c>.</summary>
    private static (string Name, string Version) SplitSchemaKey(string key)
    {
        string rest = key[RedisKeys.SchemaPrefix.Length..];
        int at = rest.LastIndexOf('@');
        string name = at < 0 ? rest : rest[..at];
        string version = at < 0 ? string.Empty : rest[(at + 1)..];
        int dot = name.LastIndexOf('.');
        return (dot >= 0 ? name[(dot + 1)..] : name, version);
    }

    private async IAsyncEnumerable<string> SchemaKeysAsync(string pattern, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var db = await DatabaseAsync("schemas", cancellationToken).ConfigureAwait(false);
        var server = await ServerAsync(cancellationToken).ConfigureAwait(false);
        var keys = server.KeysAsync(db.Database, pattern, pageSize: 1000).WithCancellation(cancellationToken).ConfigureAwait(false);
        var enumerator = keys.GetAsyncEnumerator();
        try
        {
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (Exception e) when (e is RedisException or TimeoutException)
                {
                    throw Wrap("schemas", e);
                }

                yield return (string)enumerator.Current!;
            }
        }
        finally
        {
            await enumerator.DisposeAsync();
        }
    }

    /// <summary>
    /// The stored schema for <paramref name="schemaRef"/> (any of the three local spellings), with
    /// <see cref="SchemaRecord.Ref"/> set to the <c>atdata://local/sampleSchema/…</c> form, as Python's <c>get_schema</c> adds <c>$ref</c>.
    /// </summary>
    /// <exception cref="IdentifierFormatException">The reference is not a local schema reference.</exception>
    /// <exception cref="SchemaNotFoundException">No schema is stored under its <c>Name@version</c>.</exception>
    /// <exception cref="IndexException">Redis failed, or the stored JSON is malformed.</exception>
    public async Task<SchemaRecord> GetSchemaAsync(string schemaRef, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schemaRef);
        var parsed = SchemaRef.Parse(schemaRef);
        var json = await RunAsync("get schema", db => db.StringGetAsync(RedisKeys.Schema(parsed.Name, parsed.Version)), cancellationToken).ConfigureAwait(false);
        if (json.IsNull)
        {
            throw ThrowHelper.SchemaNotFound(schemaRef);
        }

        return ParseStored((string)json!, parsed.Name, parsed.Version);
    }

    private static SchemaRecord ParseStored(string json, string name, string version)
    {
        try
        {
            var record = SchemaRecord.Parse(json);
            return SchemaRef.TryParse(SchemaRef.SampleSchemaPrefix + name + "@" + version, out var canonical)
                ? record with { Ref = canonical.ToString() }
                : record;
        }
        catch (AtdataException e)
        {
            throw ThrowHelper.Index("get schema", $"The schema stored for {name}@{version} is malformed: {e.Message}", e);
        }
    }

    /// <summary>
    /// Every stored schema (a <c>SCAN LocalSchema:*</c>, as Python; schemas are few), each with its
    /// <see cref="SchemaRecord.Ref"/> derived from the key. Order is unspecified. Records that do not parse are skipped.
    /// </summary>
    /// <exception cref="IndexException">Redis failed.</exception>
    public async IAsyncEnumerable<SchemaRecord> ListSchemasAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var key in SchemaKeysAsync(RedisKeys.SchemaPrefix + "*", cancellationToken).ConfigureAwait(false))
        {
            var json = await RunAsync("schemas", db => db.StringGetAsync(key), cancellationToken).ConfigureAwait(false);
            if (json.IsNull)
            {
                continue;
            }

            var (name, version) = SplitSchemaKey(key);
            SchemaRecord? record = null;
            try
            {
                record = ParseStored((string)json!, name, version);
            }
            catch (IndexException)
            {
                // A malformed or foreign record is skipped, as Python's list_schemas would fail on it only when read.
            }

            if (record is not null)
            {
                yield return record;
            }
        }
    }

    /// <summary>The runtime sample type of a stored schema, for reading datasets without generated types.</summary>
    /// <exception cref="SchemaNotFoundException">No schema is stored under the reference.</exception>
    /// <exception cref="IndexException">Redis failed.</exception>
    public async Task<DynamicSchema> DecodeSchemaAsync(string schemaRef, CancellationToken cancellationToken = default)
        => new(await GetSchemaAsync(schemaRef, cancellationToken).ConfigureAwait(false));
}
