namespace Atdata.Cli.Schemas;

/// <summary>What changed from one schema to another: record attributes, and fields added, removed, retyped or made optional/required.</summary>
internal sealed record SchemaDiff(
    (string From, string To)? Name,
    (string From, string To)? Version,
    (string? From, string? To)? Description,
    IReadOnlyList<SchemaField> Added,
    IReadOnlyList<SchemaField> Removed,
    IReadOnlyList<(string Name, string From, string To)> Retyped,
    IReadOnlyList<(string Name, bool From, bool To)> OptionalityChanged)
{
    public bool Identical => Name is null && Version is null && Description is null && Added.Count == 0 && Removed.Count == 0
        && Retyped.Count == 0 && OptionalityChanged.Count == 0;

    public static SchemaDiff Compare(SchemaRecord from, SchemaRecord to)
    {
        var before = from.Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var after = to.Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var retyped = new List<(string, string, string)>();
        var optionality = new List<(string, bool, bool)>();
        foreach (var field in to.Fields)
        {
            if (before.TryGetValue(field.Name, out var old))
            {
                if (old.FieldType != field.FieldType)
                {
                    retyped.Add((field.Name, old.FieldType.ToString(), field.FieldType.ToString()));
                }

                if (old.Optional != field.Optional)
                {
                    optionality.Add((field.Name, old.Optional, field.Optional));
                }
            }
        }

        return new SchemaDiff(
            from.Name == to.Name ? null : (from.Name, to.Name),
            from.Version == to.Version ? null : (from.Version, to.Version),
            from.Description == to.Description ? null : (from.Description, to.Description),
            to.Fields.Where(f => !before.ContainsKey(f.Name)).ToList(),
            from.Fields.Where(f => !after.ContainsKey(f.Name)).ToList(),
            retyped,
            optionality);
    }
}
