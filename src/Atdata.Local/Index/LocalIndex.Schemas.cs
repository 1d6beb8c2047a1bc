using System.Runtime.CompilerServices;

namespace Atdata.Local;

public sealed partial class LocalIndex
{
    private const int MaxVersionAttempts = 32;

    /// <summary>
    /// Publishes the schema the generator computed for <typeparamref name="T"/> (<c>T.Schema</c>) and returns
    /// <c>atdata://local/sampleSchema/{Name}@{version}</c>; see <see cref="PublishSchemaAsync(SchemaRecord, string?, string?, CancellationToken)"/>.
    /// </summary>
    /// <param name="version">The version (strict <c>X.Y.Z</c>); null for the next patch after the highest stored one.</param>
    /// <param name="description">The description; null to keep the type's.</param>
    /// <param name="cancellationToken">Stops waiting (the write may still happen).</param>
    /// <exception cref="SchemaMismatchException"><c>name@version</c> is stored with different content.</exception>
    /// <exception cref="IndexException">The index failed.</exception>
    public Task<string> PublishSchemaAsync<T>(string? version = null, string? description = null, CancellationToken cancellationToken = default)
        where T : IPackable<T>
        => PublishSchemaAsync(T.Schema, version, description, cancellationToken);

    /// <summary>
    /// Stores <paramref name="record"/> as <c>LocalSchema:{Name}@{version}</c> in Redis or the <c>schemas</c> row
    /// <c>(Name, version)</c> in SQLite (Python's <c>json.dumps</c> form, without <c>$ref</c>, <c>createdAt</c> set
    /// now) and returns <c>atdata://local/sampleSchema/{Name}@{version}</c>.
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
    /// claimed with a conditional write, and a concurrent publisher that claims it first makes this one move on
    /// to the following patch. In Redis, finding the highest version scans <c>LocalSchema:{Name}@*</c>
    /// (publishing is rare); in SQLite it reads the name's rows.
    /// </remarks>
    /// <exception cref="SchemaMismatchException"><c>name@version</c> is stored with different content.</exception>
    /// <exception cref="IndexException">The index failed.</exception>
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
            var (highest, highestJson) = await _backend.HighestSchemaVersionAsync(record.Name, cancellationToken).ConfigureAwait(false);
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

    private Task<string?> TrySetSchemaAsync(SchemaRecord record, CancellationToken cancellationToken)
        => _backend.TryAddSchemaAsync(record.Name, record.Version, record.ToJson(), cancellationToken);

    /// <summary>
    /// The stored schema for <paramref name="schemaRef"/> (any of the three local spellings), with
    /// <see cref="SchemaRecord.Ref"/> set to the <c>atdata://local/sampleSchema/…</c> form, as Python's <c>get_schema</c> adds <c>$ref</c>.
    /// </summary>
    /// <exception cref="IdentifierFormatException">The reference is not a local schema reference.</exception>
    /// <exception cref="SchemaNotFoundException">No schema is stored under its <c>Name@version</c>.</exception>
    /// <exception cref="IndexException">The index failed, or the stored JSON is malformed.</exception>
    public async Task<SchemaRecord> GetSchemaAsync(string schemaRef, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schemaRef);
        var parsed = SchemaRef.Parse(schemaRef);
        string json = await _backend.GetSchemaJsonAsync(parsed.Name, parsed.Version, cancellationToken).ConfigureAwait(false)
            ?? throw ThrowHelper.SchemaNotFound(schemaRef);
        return ParseStored(json, parsed.Name, parsed.Version);
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
    /// Every stored schema (Redis: a <c>SCAN LocalSchema:*</c>, as Python; SQLite: the <c>schemas</c> rows;
    /// schemas are few), each with its <see cref="SchemaRecord.Ref"/> derived from the stored name and version.
    /// Order is unspecified. Records that do not parse are skipped.
    /// </summary>
    /// <exception cref="IndexException">The index failed.</exception>
    public async IAsyncEnumerable<SchemaRecord> ListSchemasAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var stored in _backend.SchemasAsync(cancellationToken).ConfigureAwait(false))
        {
            SchemaRecord? record = null;
            try
            {
                record = ParseStored(stored.Json, stored.Name, stored.Version);
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
    /// <exception cref="IndexException">The index failed.</exception>
    public async Task<DynamicSchema> DecodeSchemaAsync(string schemaRef, CancellationToken cancellationToken = default)
        => new(await GetSchemaAsync(schemaRef, cancellationToken).ConfigureAwait(false));
}
