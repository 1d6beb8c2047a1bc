namespace Atdata;

/// <summary>
/// Marks a <c>partial record</c> or <c>partial record struct</c> as a sample type (Python's
/// <c>@atdata.packable</c>). The Atdata source generator implements <see cref="IPackable{TSelf}"/> for it at
/// compile time: a reflection-free msgpack serializer whose bytes are exactly what Python atdata writes.
/// </summary>
/// <remarks>
/// Serialized members are the positional parameters, then the public instance properties that have a
/// setter or <c>init</c> accessor, in declaration order. Computed (get-only) properties and members marked
/// <see cref="SkipFieldAttribute"/> are not serialized. Wire names are snake_case by default
/// (see <see cref="Naming"/>) and can be set per member with <see cref="FieldAttribute"/>.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
public sealed class PackableAttribute : Attribute
{
    /// <summary>The schema version (strict semver <c>X.Y.Z</c>); <c>1.0.0</c> when not set.</summary>
    public string? Version { get; set; }

    /// <summary>How member names become wire names; <see cref="PackableNaming.SnakeCase"/> by default.</summary>
    public PackableNaming Naming { get; set; } = PackableNaming.SnakeCase;

    /// <summary>
    /// The schema description, exactly as written (<c>null</c> in the schema when not set). It is part of the schema
    /// record and of <c>T.SchemaCid</c>. Doc comments are deliberately not used, so editing a comment never changes
    /// the schema CID.
    /// </summary>
    public string? Description { get; set; }
}
