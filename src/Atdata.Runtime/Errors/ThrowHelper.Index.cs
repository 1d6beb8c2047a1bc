namespace Atdata;

internal static partial class ThrowHelper
{
    public static IndexException Index(string operation, string message, Exception? inner = null, IReadOnlyList<string>? orphanedUrls = null)
        => new(operation, message, inner, orphanedUrls);

    public static DatasetExistsException DatasetExists(string name, string existingCid) => new(name, existingCid);

    public static DatasetNotFoundException DatasetNotFound(string nameOrCid, bool isCid) => new(nameOrCid, isCid);

    public static SchemaNotFoundException SchemaNotFound(string schemaRef) => new(schemaRef);

    /// <summary>A schema already stored under <c>name@version</c> differs from the one being published.</summary>
    public static SchemaMismatchException SchemaConflict(SchemaRecord stored, SchemaRecord published)
    {
        var problems = new List<SchemaProblem>();
        var storedByName = stored.Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var publishedNames = new HashSet<string>(published.Fields.Select(f => f.Name), StringComparer.Ordinal);
        foreach (var field in published.Fields)
        {
            if (!storedByName.TryGetValue(field.Name, out var old))
            {
                problems.Add(new SchemaProblem(SchemaProblemKind.UnknownField, field.Name, field.Name, "absent", "present",
                    $"field '{field.Name}' is not in the stored schema"));
            }
            else if (!Equals(old, field))
            {
                problems.Add(new SchemaProblem(SchemaProblemKind.WrongType, field.Name, field.Name, old.ToString() ?? string.Empty, field.ToString() ?? string.Empty,
                    $"field '{field.Name}' differs from the stored schema"));
            }
        }

        foreach (var old in stored.Fields.Where(f => !publishedNames.Contains(f.Name)))
        {
            problems.Add(new SchemaProblem(SchemaProblemKind.MissingField, old.Name, old.Name, "present", "absent",
                $"field '{old.Name}' of the stored schema is missing"));
        }

        if (problems.Count == 0)
        {
            problems.Add(new SchemaProblem(SchemaProblemKind.WrongType, string.Empty, string.Empty, stored.Description ?? "null", published.Description ?? "null",
                "the field order or description differs from the stored schema"));
        }

        string listed = string.Join("; ", problems.Take(10).Select(p => p.Message));
        return new SchemaMismatchException(stored.Name, stored.Version, problems,
            $"Schema {stored.Name}@{stored.Version} is already stored with different content ({listed}); publish a new version instead.");
    }
}
