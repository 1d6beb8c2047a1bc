namespace Atdata.Generators.Model;

/// <summary>The serialization shape of one member type (or of a collection's element type).</summary>
/// <param name="Kind">How the core (non-null) value is encoded.</param>
/// <param name="TypeFqn">The type as declared, fully qualified, with its <c>?</c> if any (<c>int?</c>, <c>string?</c>).</param>
/// <param name="CoreFqn">The type without its top-level <c>?</c> (for a nullable value type, the underlying type).</param>
/// <param name="Nullable">Whether null is a legal value.</param>
/// <param name="IsReferenceType">Whether the core type is a reference type (so a non-nullable member must be checked for null).</param>
/// <param name="EnumFqn">For an enum, its fully qualified name; <see cref="Kind"/> is then its underlying integer kind.</param>
/// <param name="ArrayElementFqn">For <see cref="WireKind.NdArray"/>, the element type (<c>float</c>).</param>
/// <param name="Element">For collections, the element (or dictionary value) shape.</param>
internal sealed record ValueShape(
    WireKind Kind,
    string TypeFqn,
    string CoreFqn,
    NullableKind Nullable,
    bool IsReferenceType,
    string? EnumFqn,
    string? ArrayElementFqn,
    ValueShape? Element)
{
    public bool IsNullable => Nullable != NullableKind.None;

    public bool IsCollection => Kind is WireKind.Array or WireKind.List or WireKind.ReadOnlyList or WireKind.ImmutableArray
        or WireKind.Dictionary or WireKind.ReadOnlyDictionary;

    public bool IsMap => Kind is WireKind.Dictionary or WireKind.ReadOnlyDictionary;
}
