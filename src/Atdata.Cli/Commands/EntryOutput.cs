using System.Globalization;
using System.Text.Json;
using Atdata.Cli.Output;
using Atdata.Local;

namespace Atdata.Cli.Commands;

/// <summary>How an index entry is shown (ls, show, insert) and found by name or CID.</summary>
internal static class EntryOutput
{
    /// <summary>Writes <paramref name="entry"/> as a JSON object: name, cid, schemaRef, dataUrls, metadata.</summary>
    public static void WriteJson(Utf8JsonWriter json, LocalDatasetEntry entry)
    {
        json.WriteStartObject();
        json.WriteString("name", entry.Name);
        json.WriteString("cid", entry.Cid);
        json.WriteString("schemaRef", entry.SchemaRef);
        json.WriteStrings("dataUrls", entry.DataUrls);
        json.WritePropertyName("metadata");
        if (entry.Metadata is null)
        {
            json.WriteNullValue();
        }
        else
        {
            ValueFormat.WriteJson(json, entry.Metadata, bytesAsBase64: true);
        }

        json.WriteEndObject();
    }

    /// <summary>Writes <paramref name="entry"/> for people: one <c>key  value</c> line each, then the shards.</summary>
    public static void WriteHuman(TextWriter output, LocalDatasetEntry entry)
    {
        output.WriteLine($"name       {entry.Name}");
        output.WriteLine($"cid        {entry.Cid}");
        output.WriteLine($"schema     {entry.SchemaRef}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"shards     {entry.DataUrls.Count}"));
        var checksums = entry.Checksums;
        foreach (string url in entry.DataUrls)
        {
            output.WriteLine(checksums.TryGetValue(url, out string? sha) ? $"  {url}  sha256:{sha}" : $"  {url}");
        }

        // The checksums are shown beside their shards above.
        var others = (entry.Metadata ?? new Dictionary<string, object?>()).Where(kv => kv.Key != "checksums").OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        if (others.Count > 0)
        {
            output.WriteLine("metadata");
            foreach (var (key, value) in others)
            {
                output.WriteLine($"  {key}: {ValueFormat.Human(value)}");
            }
        }
    }

    /// <summary>Finds an entry by CID (when <paramref name="nameOrCid"/> parses as one) or by name.</summary>
    /// <exception cref="CliFailureException">No entry has that name or CID.</exception>
    public static async Task<LocalDatasetEntry> FindAsync(LocalIndex index, string nameOrCid, CancellationToken cancellationToken)
    {
        LocalDatasetEntry? entry = null;
        if (Cid.TryParse(nameOrCid, out _))
        {
            entry = await index.FindEntryAsync(nameOrCid, cancellationToken).ConfigureAwait(false);
        }

        if (entry is null && IsName(nameOrCid))
        {
            entry = await index.FindEntryByNameAsync(nameOrCid, cancellationToken).ConfigureAwait(false);
        }

        return entry ?? throw new CliFailureException($"No dataset named '{nameOrCid}' (or with that CID) in the index.");
    }

    private static bool IsName(string text)
    {
        try
        {
            LocalIndex.ValidateName(text);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
