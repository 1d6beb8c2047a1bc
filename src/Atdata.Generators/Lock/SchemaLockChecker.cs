using Atdata.Generators.Diagnostics;
using Atdata.Generators.Helpers;
using Atdata.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Atdata.Generators.Lock;

/// <summary>What the lock check needs about one type: its schema and where to report.</summary>
/// <param name="Schema">The schema computed from the code.</param>
/// <param name="DisplayName">The type name for messages.</param>
/// <param name="Location">The type's identifier.</param>
/// <param name="VersionLocation">The <c>Version</c> argument of <c>[Packable]</c>, or the identifier when there is none.</param>
internal sealed record LockCheckTarget(SchemaInfo Schema, string DisplayName, Location Location, Location VersionLocation);

/// <summary>One type's check input: the type, its lock entry (if any) and whether a usable lock is being enforced.</summary>
internal sealed record LockCheckInput(LockCheckTarget Target, LockEntry? Entry, bool IsEnforced);

/// <summary>
/// The compile-time schema rules: the code's schema against its entry in the schema lock.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><description>Not in the lock → ATD0114 (info).</description></item>
/// <item><description>Version lower than the locked one → ATD0113 (error).</description></item>
/// <item><description>Same version, different schema (fields, order, optionality, name, description or CID) → ATD0110 (error).</description></item>
/// <item><description>Higher version with a field removed, retyped or made optional/required, but the same major → ATD0111 (error), per field.</description></item>
/// <item><description>Higher version with a field added, but the same major and minor → ATD0112 (warning), per field.</description></item>
/// </list>
/// </remarks>
internal static class SchemaLockChecker
{
    private enum ChangeKind
    {
        Added,
        Removed,
        Retyped,
        Optionality,
        Other,
    }

    public static EquatableArray<DiagnosticInfo> Check(LockCheckInput input)
    {
        if (!input.IsEnforced)
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }

        var target = input.Target;
        var schema = target.Schema;
        if (input.Entry is not { } entry)
        {
            return One(DiagnosticDescriptors.TypeMissingFromSchemaLock, target.Location, target.DisplayName, schema.Name, schema.Version);
        }

        if (!SemanticVersion.TryParse(schema.Version, out var current) || !SemanticVersion.TryParse(entry.Version, out var locked))
        {
            return EquatableArray<DiagnosticInfo>.Empty; // ATD0101 or ATD0115 already
        }

        int order = current.CompareTo(locked);
        if (order < 0)
        {
            return One(DiagnosticDescriptors.SchemaVersionLowered, target.VersionLocation, target.DisplayName, schema.Version, entry.Version);
        }

        var changes = Compare(schema, entry);
        var diagnostics = new List<DiagnosticInfo>();
        if (order == 0)
        {
            if (changes.Count > 0 || schema.Cid != entry.SchemaCid)
            {
                string what = changes.Count > 0 ? string.Join("; ", changes.Select(c => c.Text)) : "the schema CID differs from the locked one";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SchemaChangedWithoutVersionChange, target.Location, target.DisplayName, schema.Version, what));
            }

            return diagnostics.ToEquatableArray();
        }

        foreach (var change in changes)
        {
            bool sameMajor = current.Major == locked.Major;
            if (change.Kind is ChangeKind.Removed or ChangeKind.Retyped or ChangeKind.Optionality && sameMajor)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BreakingChangeWithoutMajorBump, target.Location, target.DisplayName, change.Field!, change.Verb, entry.Version, schema.Version));
            }
            else if (change.Kind == ChangeKind.Added && sameMajor && current.Minor == locked.Minor)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FieldAddedWithoutMinorBump, target.Location, target.DisplayName, change.Field!, entry.Version, schema.Version));
            }
        }

        return diagnostics.ToEquatableArray();
    }

    private static EquatableArray<DiagnosticInfo> One(DiagnosticDescriptor descriptor, Location location, params string[] arguments)
        => new[] { DiagnosticInfo.Create(descriptor, location, arguments) }.ToEquatableArray();

    /// <summary>Every difference between the code's schema and the locked one, fields in locked order then added ones.</summary>
    private static List<Change> Compare(SchemaInfo schema, LockEntry entry)
    {
        var changes = new List<Change>();
        var currentByName = new Dictionary<string, SchemaFieldInfo>(StringComparer.Ordinal);
        foreach (var field in schema.Fields)
        {
            currentByName[field.Name] = field;
        }

        var lockedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var old in entry.Fields)
        {
            lockedNames.Add(old.Name);
            if (!currentByName.TryGetValue(old.Name, out var now))
            {
                changes.Add(new Change(ChangeKind.Removed, old.Name, "was removed"));
            }
            else if (now.FieldTypeJson != old.FieldTypeJson)
            {
                changes.Add(new Change(ChangeKind.Retyped, old.Name, "changed type from " + Describe(old.FieldTypeJson) + " to " + Describe(now.FieldTypeJson)));
            }
            else if (now.Optional != old.Optional)
            {
                changes.Add(new Change(ChangeKind.Optionality, old.Name, now.Optional ? "became optional" : "became required"));
            }
        }

        foreach (var field in schema.Fields)
        {
            if (!lockedNames.Contains(field.Name))
            {
                changes.Add(new Change(ChangeKind.Added, field.Name, "was added"));
            }
        }

        if (changes.Count == 0 && !schema.Fields.Select(f => f.Name).SequenceEqual(entry.Fields.Select(f => f.Name)))
        {
            changes.Add(new Change(ChangeKind.Other, null, "the fields were reordered"));
        }

        if (schema.Name != entry.Name)
        {
            changes.Add(new Change(ChangeKind.Other, null, "the schema name changed from '" + entry.Name + "' to '" + schema.Name + "'"));
        }

        if (schema.Description != entry.Description)
        {
            changes.Add(new Change(ChangeKind.Other, null, "the description changed"));
        }

        return changes;
    }

    /// <summary>A field type in Python's terms (<c>int</c>, <c>ndarray[float32]</c>, <c>list[str]</c>, <c>dict[str, int]</c>), or its JSON.</summary>
    internal static string Describe(string fieldTypeJson)
    {
        try
        {
            return Describe(LockJsonReader.Parse(fieldTypeJson)) ?? fieldTypeJson;
        }
        catch (LockJsonException)
        {
            return fieldTypeJson;
        }
    }

    private static string? Describe(LockJsonValue value)
    {
        if (value is not LockJsonObject type || type.Get("$type") is not LockJsonScalar { Kind: LockJsonKind.String, Text: { } kindText })
        {
            return null;
        }

        string kind = kindText.Substring(kindText.LastIndexOf('#') + 1);
        string? Text(string key) => type.Get(key) is LockJsonScalar { Kind: LockJsonKind.String, Text: { } t } ? t : null;
        return kind switch
        {
            "primitive" => Text("primitive"),
            "ndarray" => Text("dtype") is { } dtype ? "ndarray[" + dtype + "]" : "ndarray",
            "array" => type.Get("items") is { } items && Describe(items) is { } item ? "list[" + item + "]" : null,
            "map" => type.Get("values") is { } values && Describe(values) is { } v ? "dict[str, " + v + "]" : null,
            _ => kind,
        };
    }

    private sealed class Change
    {
        public Change(ChangeKind kind, string? field, string verb)
        {
            Kind = kind;
            Field = field;
            Verb = verb;
        }

        public ChangeKind Kind { get; }

        public string? Field { get; }

        /// <summary>What happened to the field (<c>was removed</c>), or the whole change for schema-level ones.</summary>
        public string Verb { get; }

        public string Text => Field is null ? Verb : "field '" + Field + "' " + Verb;
    }
}
