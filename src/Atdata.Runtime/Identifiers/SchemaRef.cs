using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Atdata;

/// <summary>
/// A reference to a locally stored schema, in any of the three spellings Python atdata has written (see
/// <see cref="SchemaRefSpelling"/>).
/// </summary>
/// <remarks>
/// <para>
/// Parsing follows Python's rule: strip the prefix, split on the <b>last</b> <c>@</c> (the version is required),
/// and for the legacy <c>local://schemas/</c> form keep only the part of the name after the last <c>.</c>.
/// </para>
/// <para>
/// <see cref="ToString"/> returns the text exactly as parsed or created, and equality compares that text
/// ordinally, because the text (not just the name and version) is part of a dataset entry's CID. Use
/// <see cref="RefersToSameSchema"/> to compare by name and version.
/// </para>
/// </remarks>
public sealed class SchemaRef : IEquatable<SchemaRef>
{
    /// <summary>The prefix of <see cref="SchemaRefSpelling.SampleSchema"/> references.</summary>
    public const string SampleSchemaPrefix = "atdata://local/sampleSchema/";

    /// <summary>The prefix of <see cref="SchemaRefSpelling.Schema"/> references.</summary>
    public const string SchemaPrefix = "atdata://local/schema/";

    /// <summary>The prefix of <see cref="SchemaRefSpelling.LegacyLocal"/> references.</summary>
    public const string LegacyLocalPrefix = "local://schemas/";

    private const string KindName = "schema reference";

    private static readonly SearchValues<char> s_notInName = SearchValues.Create("/@. \t\r\n");

    private readonly string _text;

    private SchemaRef(string text, string name, string version, SchemaRefSpelling spelling, string? module)
    {
        _text = text;
        Name = name;
        Version = version;
        Spelling = spelling;
        Module = module;
    }

    /// <summary>The schema name (the class name, without any module).</summary>
    public string Name { get; }

    /// <summary>The version text after the last <c>@</c> (normally <c>X.Y.Z</c>; see <see cref="SchemaVersion.TryParse"/>).</summary>
    public string Version { get; }

    /// <summary>Which spelling the reference uses.</summary>
    public SchemaRefSpelling Spelling { get; }

    /// <summary>The module of a legacy <c>local://schemas/module.Name@v</c> reference (<c>__main__</c>), otherwise <see langword="null"/>.</summary>
    public string? Module { get; }

    /// <summary><c>{Name}@{Version}</c>: the key of the stored record (Redis <c>LocalSchema:{key}</c>).</summary>
    public string Key => Name + "@" + Version;

    /// <summary>
    /// The reference this SDK writes for a schema: <c>atdata://local/sampleSchema/{name}@{version}</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or holds <c>/</c>, <c>@</c> or white space, or the version is not strict <c>X.Y.Z</c>.</exception>
    public static SchemaRef Local(string name, string version) => Create(name, version, SchemaRefSpelling.SampleSchema);

    /// <summary>The reference this SDK writes for a schema: <c>atdata://local/sampleSchema/{name}@{version}</c>.</summary>
    /// <exception cref="ArgumentException">The name is empty or holds <c>/</c>, <c>@</c> or white space.</exception>
    public static SchemaRef Local(string name, SchemaVersion version) => Create(name, version.ToString(), SchemaRefSpelling.SampleSchema);

    /// <summary>
    /// A reference in a chosen spelling, for example <see cref="SchemaRefSpelling.Schema"/> to match what current
    /// Python writes. A legacy reference is written with the module <c>__main__</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or holds <c>/</c>, <c>@</c>, <c>.</c> or white space, or the version is not strict <c>X.Y.Z</c>.</exception>
    public static SchemaRef Create(string name, string version, SchemaRefSpelling spelling)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(version);
        if (name.Length == 0 || name.AsSpan().IndexOfAny(s_notInName) >= 0)
        {
            throw new ArgumentException($"'{name}' cannot name a schema in a reference: it must be non-empty without '/', '@', '.' or white space.", nameof(name));
        }

        if (!SchemaVersion.TryParse(version, out _))
        {
            throw new ArgumentException($"'{version}' is not a strict X.Y.Z schema version.", nameof(version));
        }

        return spelling switch
        {
            SchemaRefSpelling.SampleSchema => new(SampleSchemaPrefix + name + "@" + version, name, version, spelling, null),
            SchemaRefSpelling.Schema => new(SchemaPrefix + name + "@" + version, name, version, spelling, null),
            SchemaRefSpelling.LegacyLocal => new(LegacyLocalPrefix + "__main__." + name + "@" + version, name, version, spelling, "__main__"),
            _ => throw new ArgumentOutOfRangeException(nameof(spelling)),
        };
    }

    /// <summary>Parses any of the three local spellings.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="IdentifierFormatException">The text is not a local schema reference with a name and a version.</exception>
    public static SchemaRef Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? reason = TryParseCore(text, out var result);
        return reason is null ? result! : throw new IdentifierFormatException(KindName, text, reason);
    }

    /// <summary>Parses any of the three local spellings; returns <see langword="false"/> for anything else (including atmosphere <c>at://</c> references).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out SchemaRef? result)
    {
        result = null;
        return text is not null && TryParseCore(text, out result) is null;
    }

    /// <summary>Whether both references name the same schema (same name and version), whatever their spelling.</summary>
    public bool RefersToSameSchema(SchemaRef other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(Name, other.Name, StringComparison.Ordinal) && string.Equals(Version, other.Version, StringComparison.Ordinal);
    }

    /// <summary>The reference text exactly as parsed or created.</summary>
    public override string ToString() => _text;

    /// <inheritdoc/>
    public bool Equals(SchemaRef? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SchemaRef);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);

    /// <summary>Whether two references have the same text.</summary>
    public static bool operator ==(SchemaRef? left, SchemaRef? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two references differ in text.</summary>
    public static bool operator !=(SchemaRef? left, SchemaRef? right) => !(left == right);

    private static string? TryParseCore(string text, out SchemaRef? result)
    {
        result = null;
        SchemaRefSpelling spelling;
        string rest;
        if (text.StartsWith(SampleSchemaPrefix, StringComparison.Ordinal))
        {
            spelling = SchemaRefSpelling.SampleSchema;
            rest = text[SampleSchemaPrefix.Length..];
        }
        else if (text.StartsWith(SchemaPrefix, StringComparison.Ordinal))
        {
            spelling = SchemaRefSpelling.Schema;
            rest = text[SchemaPrefix.Length..];
        }
        else if (text.StartsWith(LegacyLocalPrefix, StringComparison.Ordinal))
        {
            spelling = SchemaRefSpelling.LegacyLocal;
            rest = text[LegacyLocalPrefix.Length..];
        }
        else
        {
            return $"expected one of the prefixes {SampleSchemaPrefix}, {SchemaPrefix} or {LegacyLocalPrefix}";
        }

        int at = rest.LastIndexOf('@');
        if (at < 0)
        {
            return "the version (after '@') is missing";
        }

        string name = rest[..at];
        string version = rest[(at + 1)..];
        if (version.Length == 0)
        {
            return "the version after '@' is empty";
        }

        string? module = null;
        if (spelling == SchemaRefSpelling.LegacyLocal)
        {
            int dot = name.LastIndexOf('.');
            if (dot >= 0)
            {
                module = name[..dot];
                name = name[(dot + 1)..];
            }
        }

        if (name.Length == 0)
        {
            return "the schema name is empty";
        }

        if (name.Contains('/', StringComparison.Ordinal) || version.Contains('/', StringComparison.Ordinal))
        {
            return "the name and version cannot contain '/'";
        }

        result = new SchemaRef(text, name, version, spelling, module);
        return null;
    }
}
