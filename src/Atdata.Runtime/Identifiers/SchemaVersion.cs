using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Atdata;

/// <summary>
/// A strict semantic schema version <c>X.Y.Z</c>: three non-negative decimal integers without leading zeros
/// (except <c>0</c> itself), no prerelease or build suffix. Only such versions take part in Python atdata's
/// "latest" selection and automatic patch increments.
/// </summary>
/// <remarks>Versions compare numerically part by part (<c>1.10.0</c> &gt; <c>1.9.3</c>). <c>default</c> is <c>0.0.0</c>.</remarks>
public readonly struct SchemaVersion : IEquatable<SchemaVersion>, IComparable<SchemaVersion>, IComparable
{
    private const string KindName = "schema version";

    /// <summary>Creates a version from its parts.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A part is negative.</exception>
    public SchemaVersion(int major, int minor, int patch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(major);
        ArgumentOutOfRangeException.ThrowIfNegative(minor);
        ArgumentOutOfRangeException.ThrowIfNegative(patch);
        Major = major;
        Minor = minor;
        Patch = patch;
    }

    /// <summary><c>1.0.0</c>: the version of a <see cref="PackableAttribute"/> type that sets none.</summary>
    public static SchemaVersion Initial => new(1, 0, 0);

    /// <summary>The major part: bumped when a field is removed or changes type.</summary>
    public int Major { get; }

    /// <summary>The minor part: bumped when a field is added.</summary>
    public int Minor { get; }

    /// <summary>The patch part: bumped by automatic versioning.</summary>
    public int Patch { get; }

    /// <summary>Parses <c>X.Y.Z</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="IdentifierFormatException">The text is not a strict <c>X.Y.Z</c> version.</exception>
    public static SchemaVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? reason = TryParseCore(text, out var version);
        return reason is null ? version : throw new IdentifierFormatException(KindName, text, reason);
    }

    /// <summary>Parses <c>X.Y.Z</c>; returns <see langword="false"/> for anything else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out SchemaVersion version)
    {
        version = default;
        return text is not null && TryParseCore(text, out version) is null;
    }

    /// <summary>The next patch version (<c>1.2.3</c> → <c>1.2.4</c>), as Python's auto-increment does.</summary>
    /// <exception cref="OverflowException">The patch part is <see cref="int.MaxValue"/>.</exception>
    public SchemaVersion NextPatch() => new(Major, Minor, checked(Patch + 1));

    /// <summary>The next minor version (<c>1.2.3</c> → <c>1.3.0</c>).</summary>
    /// <exception cref="OverflowException">The minor part is <see cref="int.MaxValue"/>.</exception>
    public SchemaVersion NextMinor() => new(Major, checked(Minor + 1), 0);

    /// <summary>The next major version (<c>1.2.3</c> → <c>2.0.0</c>).</summary>
    /// <exception cref="OverflowException">The major part is <see cref="int.MaxValue"/>.</exception>
    public SchemaVersion NextMajor() => new(checked(Major + 1), 0, 0);

    /// <summary>Returns <c>X.Y.Z</c>.</summary>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");

    /// <inheritdoc/>
    public bool Equals(SchemaVersion other) => Major == other.Major && Minor == other.Minor && Patch == other.Patch;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SchemaVersion other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch);

    /// <inheritdoc/>
    public int CompareTo(SchemaVersion other)
    {
        int result = Major.CompareTo(other.Major);
        if (result == 0)
        {
            result = Minor.CompareTo(other.Minor);
        }

        return result != 0 ? result : Patch.CompareTo(other.Patch);
    }

    /// <inheritdoc/>
    int IComparable.CompareTo(object? obj) => obj switch
    {
        null => 1,
        SchemaVersion other => CompareTo(other),
        _ => throw new ArgumentException("The object is not a SchemaVersion.", nameof(obj)),
    };

    /// <summary>Whether two versions are equal.</summary>
    public static bool operator ==(SchemaVersion left, SchemaVersion right) => left.Equals(right);

    /// <summary>Whether two versions differ.</summary>
    public static bool operator !=(SchemaVersion left, SchemaVersion right) => !left.Equals(right);

    /// <summary>Whether <paramref name="left"/> is older.</summary>
    public static bool operator <(SchemaVersion left, SchemaVersion right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> is newer.</summary>
    public static bool operator >(SchemaVersion left, SchemaVersion right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> is older or equal.</summary>
    public static bool operator <=(SchemaVersion left, SchemaVersion right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> is newer or equal.</summary>
    public static bool operator >=(SchemaVersion left, SchemaVersion right) => left.CompareTo(right) >= 0;

    private static string? TryParseCore(string text, out SchemaVersion version)
    {
        version = default;
        Span<int> parts = stackalloc int[3];
        int start = 0;
        for (int part = 0; part < 3; part++)
        {
            int end = part < 2 ? text.IndexOf('.', start) : text.Length;
            if (end < 0)
            {
                return "expected three parts X.Y.Z";
            }

            ReadOnlySpan<char> digits = text.AsSpan(start, end - start);
            if (digits.IsEmpty)
            {
                return "a part is empty";
            }

            foreach (char c in digits)
            {
                if (c is < '0' or > '9')
                {
                    return c == '.' ? "expected three parts X.Y.Z" : "parts must be decimal digits only";
                }
            }

            if (digits.Length > 1 && digits[0] == '0')
            {
                return "a part has a leading zero";
            }

            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out parts[part]))
            {
                return "a part is too large";
            }

            start = end + 1;
        }

        version = new SchemaVersion(parts[0], parts[1], parts[2]);
        return null;
    }
}
