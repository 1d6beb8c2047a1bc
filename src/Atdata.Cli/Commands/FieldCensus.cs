using System.Globalization;
using System.Text.Json;
using Atdata.Cli.Output;

namespace Atdata.Cli.Commands;

/// <summary>The fields seen across samples, in first-seen order: how many samples have each, and the kinds of their values.</summary>
internal sealed class FieldCensus
{
    private readonly Dictionary<string, (long Count, SortedSet<string> Kinds)> _fields = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public void Add(DynamicSample sample)
    {
        foreach (var (name, value) in sample)
        {
            if (!_fields.TryGetValue(name, out var stats))
            {
                stats = (0, new SortedSet<string>(StringComparer.Ordinal));
                _order.Add(name);
            }

            stats.Kinds.Add(ValueFormat.Kind(value));
            _fields[name] = (stats.Count + 1, stats.Kinds);
        }
    }

    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartArray("fields");
        foreach (string name in _order)
        {
            var (count, kinds) = _fields[name];
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteNumber("count", count);
            json.WriteStrings("kinds", kinds);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    public void WriteTable(TextWriter output, long samples)
    {
        var table = new Table("FIELD", "PRESENT", "KINDS");
        foreach (string name in _order)
        {
            var (count, kinds) = _fields[name];
            table.Add(name, string.Create(CultureInfo.InvariantCulture, $"{count}/{samples}"), string.Join(", ", kinds));
        }

        table.WriteTo(output);
    }
}
