using Atdata.Shared;

namespace Atdata;

/// <summary>
/// A stable description of one serialized field of a <see cref="PackableAttribute"/> type, emitted by the
/// source generator as <c>T.Fields</c>: wire name (and its UTF-8 bytes), position, kind, dtype, optionality and
/// field ID.
/// </summary>
/// <remarks>
/// <see cref="FieldId"/> is the 32-bit FNV-1a hash of the UTF-8 wire name. The generator computes it at build time
/// with the same code (a linked file) and reports collisions; it depends on the wire name only, so reordering or
/// renaming members under an unchanged wire name keeps it. Equality compares every property.
/// </remarks>
public sealed class FieldDescriptor : IEquatable<FieldDescriptor>
{
    private readonly byte[] _utf8WireName;

    /// <summary>Creates a descriptor; the UTF-8 name and the field ID are derived from <paramref name="wireName"/>.</summary>
    /// <param name="wireName">The msgpack key and schema field name.</param>
    /// <param name="ordinal">The zero-based position of the field in the sample map.</param>
    /// <param name="kind">How the value is encoded.</param>
    /// <param name="isOptional">Whether the field may be null (<c>"optional": true</c> in the schema).</param>
    /// <param name="dtype">The dtype name (<c>float32</c>, …) of an <see cref="FieldKind.NdArray"/> field, when known.</param>
    /// <exception cref="ArgumentException">The wire name is empty or holds an unpaired surrogate, or the ordinal is negative.</exception>
    public FieldDescriptor(string wireName, int ordinal, FieldKind kind, bool isOptional = false, string? dtype = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(wireName);
        ArgumentOutOfRangeException.ThrowIfNegative(ordinal);
        WireName = wireName;
        _utf8WireName = StrictUtf8.GetBytes(wireName);
        Ordinal = ordinal;
        Kind = kind;
        IsOptional = isOptional;
        DType = dtype;
        FieldId = Shared.FieldId.Compute(_utf8WireName);
    }

    /// <summary>The msgpack key and schema field name.</summary>
    public string WireName { get; }

    /// <summary>The UTF-8 bytes of <see cref="WireName"/>, for comparing msgpack keys without decoding them.</summary>
    public ReadOnlyMemory<byte> Utf8WireName => _utf8WireName;

    /// <summary>The zero-based position of the field in the sample map.</summary>
    public int Ordinal { get; }

    /// <summary>How the value is encoded.</summary>
    public FieldKind Kind { get; }

    /// <summary>The dtype name of an array field (<c>float32</c>, <c>int64</c>, …), otherwise <see langword="null"/>.</summary>
    public string? DType { get; }

    /// <summary>Whether the field may be null.</summary>
    public bool IsOptional { get; }

    /// <summary>The 32-bit FNV-1a hash of the UTF-8 wire name.</summary>
    public uint FieldId { get; }

    /// <summary>Computes the field ID of a wire name (32-bit FNV-1a over its UTF-8 bytes).</summary>
    /// <exception cref="ArgumentException">The name holds an unpaired surrogate.</exception>
    public static uint ComputeFieldId(string wireName)
    {
        ArgumentNullException.ThrowIfNull(wireName);
        return Shared.FieldId.Compute(wireName);
    }

    /// <inheritdoc/>
    public bool Equals(FieldDescriptor? other)
        => other is not null
            && string.Equals(WireName, other.WireName, StringComparison.Ordinal)
            && Ordinal == other.Ordinal
            && Kind == other.Kind
            && IsOptional == other.IsOptional
            && string.Equals(DType, other.DType, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FieldDescriptor);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(FieldId, Ordinal, Kind, IsOptional, DType);

    /// <summary><c>#ordinal wire_name: Kind</c> with the dtype and <c>?</c> when optional.</summary>
    public override string ToString()
        => $"#{Ordinal} {WireName}: {Kind}{(DType is null ? string.Empty : "[" + DType + "]")}{(IsOptional ? "?" : string.Empty)} (id 0x{FieldId:x8})";
}
