using System.Runtime.CompilerServices;

namespace Atdata.Local;

internal sealed partial class RedisIndexBackend
{
    /// <summary>SET the schema if absent and return null; otherwise return the stored JSON (atomic).</summary>
    private const string PublishSchemaScript = """
        local current = redis.call('GET', KEYS[1])
        if current then
          return current
        end
        redis.call('SET', KEYS[1], ARGV[1])
        return false
        """;

    public async Task<string?> TryAddSchemaAsync(string name, string version, string json, CancellationToken cancellationToken)
    {
        var result = await RunAsync("publish", db => db.ScriptEvaluateAsync(PublishSchemaScript, [RedisKeys.Schema(name, version)], [json]), cancellationToken).ConfigureAwait(false);
        return result.IsNull ? null : (string?)result;
    }

    public async Task<string?> GetSchemaJsonAsync(string name, string version, CancellationToken cancellationToken)
    {
        var json = await RunAsync("get schema", db => db.StringGetAsync(RedisKeys.Schema(name, version)), cancellationToken).ConfigureAwait(false);
        return json.IsNull ? null : (string?)json;
    }

    public async Task<(SchemaVersion? Version, string? Json)> HighestSchemaVersionAsync(string name, CancellationToken cancellationToken)
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

    public async IAsyncEnumerable<StoredSchema> SchemasAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var key in SchemaKeysAsync(RedisKeys.SchemaPrefix + "*", cancellationToken).ConfigureAwait(false))
        {
            var json = await RunAsync("schemas", db => db.StringGetAsync(key), cancellationToken).ConfigureAwait(false);
            if (!json.IsNull)
            {
                var (name, version) = SplitSchemaKey(key);
                yield return new StoredSchema(name, version, (string)json!);
            }
        }
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
        return (SchemaNames.WithoutModule(at < 0 ? rest : rest[..at]), at < 0 ? string.Empty : rest[(at + 1)..]);
    }

    private async IAsyncEnumerable<string> SchemaKeysAsync(string pattern, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var key in ScanAsync(pattern, "schemas", cancellationToken).ConfigureAwait(false))
        {
            yield return (string)key!;
        }
    }
}
