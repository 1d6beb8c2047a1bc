using System.Globalization;
using System.Text;
using Atdata.Generators.Diagnostics;
using Atdata.Generators.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Atdata.Generators.Lock;

/// <summary>One type's entry in the schema lock.</summary>
/// <param name="Type">The type's full name (the lock key).</param>
/// <param name="Name">The schema name.</param>
/// <param name="Version">The locked version (strict semver).</param>
/// <param name="Description">The locked description, or <see langword="null"/>.</param>
/// <param name="SchemaCid">The locked schema CID.</param>
/// <param name="Fields">The locked fields in wire order.</param>
internal sealed record LockEntry(string Type, string Name, string Version, string? Description, string SchemaCid, EquatableArray<LockField> Fields);

/// <summary>One field of a <see cref="LockEntry"/>.</summary>
/// <param name="Name">The wire name.</param>
/// <param name="FieldTypeJson">The field type in the generator's canonical JSON (<c>$type</c> first, other keys sorted).</param>
/// <param name="Optional">Whether the field is optional.</param>
internal sealed record LockField(string Name, string FieldTypeJson, bool Optional);

/// <summary>
/// The schema lock as read from the additional files named <c>atdata.schemas.json</c>: its entries, sorted by
/// type, or the reasons it cannot be read.
/// </summary>
/// <param name="IsPresent">Whether a lock file was given at all.</param>
/// <param name="Entries">The entries, sorted by type; empty when the lock is malformed.</param>
/// <param name="Diagnostics">ATD0115 for a malformed lock (located in the lock file).</param>
internal sealed record SchemaLock(bool IsPresent, EquatableArray<LockEntry> Entries, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static SchemaLock None { get; } = new(false, EquatableArray<LockEntry>.Empty, EquatableArray<DiagnosticInfo>.Empty);

    /// <summary>Whether types are checked against the lock: one was given and it could be read.</summary>
    public bool IsUsable => IsPresent && Diagnostics.IsEmpty;

    /// <summary>Whether <paramref name="path"/> names a lock file (its file name is <c>atdata.schemas.json</c>, in any case).</summary>
    public static bool IsLockFile(string path)
    {
        int slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return string.Equals(path.Substring(slash + 1), SchemaLockFormat.FileName, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The entry of <paramref name="type"/>, or <see langword="null"/>.</summary>
    public LockEntry? Find(string type)
    {
        foreach (var entry in Entries)
        {
            if (entry.Type == type)
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>
    /// Combines the lock files of a project. The same path given twice counts once; two different files named
    /// <c>atdata.schemas.json</c> are an error (reported on each but the first by path), and nothing is checked.
    /// </summary>
    public static SchemaLock Merge(IReadOnlyList<SchemaLock> locks, IReadOnlyList<string> paths)
    {
        var distinct = new SortedDictionary<string, SchemaLock>(StringComparer.Ordinal);
        for (int i = 0; i < paths.Count; i++)
        {
            if (!distinct.ContainsKey(paths[i]))
            {
                distinct.Add(paths[i], locks[i]);
            }
        }

        if (distinct.Count <= 1)
        {
            return distinct.Count == 0 ? None : distinct.Values.First();
        }

        string first = distinct.Keys.First();
        var diagnostics = new List<DiagnosticInfo>(distinct[first].Diagnostics);
        foreach (string path in distinct.Keys.Skip(1))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MalformedSchemaLock, Location.Create(path, default, default),
                "the project has more than one " + SchemaLockFormat.FileName + " (the first is " + first + ")"));
        }

        return new SchemaLock(true, EquatableArray<LockEntry>.Empty, diagnostics.ToEquatableArray());
    }

    /// <summary>Reads one lock file; never throws for malformed text.</summary>
    public static SchemaLock Read(string path, SourceText? text)
    {
        if (text is null)
        {
            return Malformed(path, null, 0, 0, "the file cannot be read");
        }

        string content = text.ToString();
        try
        {
            var root = LockJsonReader.Parse(content);
            var entries = ReadEntries(root);
            return new SchemaLock(true, entries.ToEquatableArray(), EquatableArray<DiagnosticInfo>.Empty);
        }
        catch (LockJsonException e)
        {
            return Malformed(path, text, e.Start, e.End, e.Message);
        }
    }

    private static SchemaLock Malformed(string path, SourceText? text, int start, int end, string message)
    {
        var span = new TextSpan(start, Math.Max(0, end - start));
        var lines = text is null ? default : text.Lines.GetLinePositionSpan(span);
        var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.MalformedSchemaLock, Location.Create(path, span, lines), message);
        return new SchemaLock(true, EquatableArray<LockEntry>.Empty, new[] { diagnostic }.ToEquatableArray());
    }

    private static List<LockEntry> ReadEntries(LockJsonValue root)
    {
        var file = Require<LockJsonObject>(root, "the lock");
        var format = file.Get(SchemaLockFormat.FormatKey) ?? throw Problem(file, "the lock has no '" + SchemaLockFormat.FormatKey + "' key");
        if (format is not LockJsonScalar { Kind: LockJsonKind.Number, Text: "1" })
        {
            throw Problem(format, "'" + SchemaLockFormat.FormatKey + "' must be " + SchemaLockFormat.FormatVersion.ToString(CultureInfo.InvariantCulture) + " (this generator reads lock format 1)");
        }

        var schemas = Require<LockJsonArray>(Member(file, "schemas", "the lock"), "'schemas'");
        var entries = new List<LockEntry>();
        var types = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in schemas.Items)
        {
            var entry = Require<LockJsonObject>(item, "an entry of 'schemas'");
            var typeValue = Member(entry, "type", "an entry");
            string type = String(typeValue, "'type'");
            if (type.Length == 0 || !types.Add(type))
            {
                throw Problem(typeValue, type.Length == 0 ? "'type' is empty" : "the type '" + type + "' appears twice");
            }

            var versionValue = Member(entry, "version", "the entry of " + type);
            string version = String(versionValue, "'version'");
            if (!SemanticVersion.TryParse(version, out _))
            {
                throw Problem(versionValue, "the version '" + version + "' of " + type + " is not a strict semantic version X.Y.Z");
            }

            var descriptionValue = entry.Get("description");
            string? description = descriptionValue is null or LockJsonScalar { Kind: LockJsonKind.Null } ? null : String(descriptionValue, "'description'");
            var fields = new List<LockField>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var fieldValue in Require<LockJsonArray>(Member(entry, "fields", "the entry of " + type), "'fields'").Items)
            {
                var field = Require<LockJsonObject>(fieldValue, "a field");
                var nameValue = Member(field, "name", "a field of " + type);
                string name = String(nameValue, "a field's 'name'");
                if (!names.Add(name))
                {
                    throw Problem(nameValue, "the field '" + name + "' of " + type + " appears twice");
                }

                var optional = Member(field, "optional", "the field '" + name + "'");
                if (optional is not LockJsonScalar { Kind: LockJsonKind.True or LockJsonKind.False } flag)
                {
                    throw Problem(optional, "'optional' must be true or false, not " + optional.Description);
                }

                var canonical = new StringBuilder();
                WriteFieldType(canonical, Member(field, "fieldType", "the field '" + name + "'"));
                fields.Add(new LockField(name, canonical.ToString(), flag.Kind == LockJsonKind.True));
            }

            entries.Add(new LockEntry(
                type,
                String(Member(entry, "name", "the entry of " + type), "'name'"),
                version,
                description,
                String(Member(entry, "schemaCid", "the entry of " + type), "'schemaCid'"),
                fields.ToEquatableArray()));
        }

        entries.Sort(static (a, b) => string.CompareOrdinal(a.Type, b.Type));
        return entries;
    }

    /// <summary>
    /// Writes a field type in the generator's canonical form: Python's <c>json.dumps</c> spelling with <c>$type</c>
    /// first and the other keys sorted, so a lock whose keys were reordered by hand still compares equal.
    /// </summary>
    private static void WriteFieldType(StringBuilder text, LockJsonValue value)
    {
        var type = Require<LockJsonObject>(value, "'fieldType'");
        if (type.Get("$type") is not LockJsonScalar { Kind: LockJsonKind.String })
        {
            throw Problem(type, "a 'fieldType' needs a string '$type'");
        }

        var members = new List<KeyValuePair<string, LockJsonValue>>(type.Members);
        members.Sort(static (a, b) => a.Key == "$type" ? -1 : b.Key == "$type" ? 1 : string.CompareOrdinal(a.Key, b.Key));
        WriteCanonical(text, new LockJsonObject(type.Start, type.End, members), isFieldType: true);
    }

    private static void WriteCanonical(StringBuilder text, LockJsonValue value, bool isFieldType)
    {
        switch (value)
        {
            case LockJsonObject obj when isFieldType:
                text.Append('{');
                for (int i = 0; i < obj.Members.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(", ");
                    }

                    Shared.PythonJson.WriteString(text, obj.Members[i].Key);
                    text.Append(": ");
                    if (obj.Members[i].Key is "items" or "values")
                    {
                        WriteFieldType(text, obj.Members[i].Value);
                    }
                    else
                    {
                        WriteCanonical(text, obj.Members[i].Value, isFieldType: false);
                    }
                }

                text.Append('}');
                return;
            case LockJsonObject obj:
                var sorted = new List<KeyValuePair<string, LockJsonValue>>(obj.Members);
                sorted.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                WriteCanonical(text, new LockJsonObject(obj.Start, obj.End, sorted), isFieldType: true);
                return;
            case LockJsonArray array:
                text.Append('[');
                for (int i = 0; i < array.Items.Count; i++)
                {
                    text.Append(i > 0 ? ", " : string.Empty);
                    WriteCanonical(text, array.Items[i], isFieldType: false);
                }

                text.Append(']');
                return;
            case LockJsonScalar { Kind: LockJsonKind.String } scalar:
                Shared.PythonJson.WriteString(text, scalar.Text!);
                return;
            case LockJsonScalar scalar:
                text.Append(scalar.Kind switch
                {
                    LockJsonKind.Number => scalar.Text,
                    LockJsonKind.True => "true",
                    LockJsonKind.False => "false",
                    _ => "null",
                });
                return;
        }
    }

    private static LockJsonValue Member(LockJsonObject obj, string key, string owner)
        => obj.Get(key) ?? throw Problem(obj, owner + " has no '" + key + "' key");

    private static string String(LockJsonValue value, string what)
        => value is LockJsonScalar { Kind: LockJsonKind.String, Text: { } text } ? text : throw Problem(value, what + " must be a string, not " + value.Description);

    private static T Require<T>(LockJsonValue value, string what)
        where T : LockJsonValue
        => value as T ?? throw Problem(value, what + " must be " + (typeof(T) == typeof(LockJsonObject) ? "an object" : "an array") + ", not " + value.Description);

    private static LockJsonException Problem(LockJsonValue value, string message)
        => new(message, value.Start, value is LockJsonScalar ? value.End : value.Start + 1);
}
