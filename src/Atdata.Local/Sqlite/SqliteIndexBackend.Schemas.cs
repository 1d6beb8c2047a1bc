using System.Runtime.CompilerServices;

namespace Atdata.Local;

internal sealed partial class SqliteIndexBackend
{
    private const string SchemaJsonSql = "SELECT schema_json FROM schemas WHERE name = $name AND version = $version";

    public Task<string?> TryAddSchemaAsync(string name, string version, string json, CancellationToken cancellationToken)
        => InTransactionAsync("publish", async (connection, ct) =>
        {
            if (await ScalarAsync(connection, SchemaJsonSql, ct, ("$name", name), ("$version", version)).ConfigureAwait(false) is string stored)
            {
                return stored;
            }

            await ExecuteAsync(connection, "INSERT INTO schemas (name, version, schema_json) VALUES ($name, $version, $json)", ct,
                ("$name", name), ("$version", version), ("$json", json)).ConfigureAwait(false);
            return null;
        }, cancellationToken);

    public async Task<string?> GetSchemaJsonAsync(string name, string version, CancellationToken cancellationToken)
        => (string?)await RunAsync("get schema", (connection, ct) => ScalarAsync(connection, SchemaJsonSql, ct, ("$name", name), ("$version", version)), cancellationToken).ConfigureAwait(false);

    /// <summary>Reads the name's rows, legacy <c>module.Name</c> rows included; the JSON is that of the plain-name row, as in Redis.</summary>
    public Task<(SchemaVersion? Version, string? Json)> HighestSchemaVersionAsync(string name, CancellationToken cancellationToken)
        => RunAsync("publish", async (connection, ct) =>
        {
            var rows = await QueryAsync(connection,
                "SELECT name, version, schema_json FROM schemas WHERE name = $name OR substr(name, -(length($name) + 1)) = '.' || $name",
                reader => (Name: reader.GetString(0), Version: reader.GetString(1), Json: reader.GetString(2)), ct, ("$name", name)).ConfigureAwait(false);
            SchemaVersion? highest = null;
            foreach (var row in rows)
            {
                if (SchemaNames.WithoutModule(row.Name) == name && SchemaVersion.TryParse(row.Version, out var v) && (highest is null || v > highest.Value))
                {
                    highest = v;
                }
            }

            string? json = highest is null ? null : rows.FirstOrDefault(r => r.Name == name && r.Version == highest.Value.ToString()).Json;
            return (highest, json);
        }, cancellationToken);

    public async IAsyncEnumerable<StoredSchema> SchemasAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = await RunAsync("schemas", (connection, ct) => QueryAsync(connection, "SELECT name, version, schema_json FROM schemas",
            reader => new StoredSchema(SchemaNames.WithoutModule(reader.GetString(0)), reader.GetString(1), reader.GetString(2)), ct), cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            yield return row;
        }
    }
}
