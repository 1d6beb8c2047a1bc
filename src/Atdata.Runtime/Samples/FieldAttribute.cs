namespace Atdata;

/// <summary>Sets the wire name (msgpack key and schema field name) of one member of a <see cref="PackableAttribute"/> type.</summary>
/// <remarks>
/// The name must be a valid Python identifier (letters, digits and <c>_</c>, not starting with a digit), so
/// that Python atdata can rebuild the sample type from the schema. Apply it to a property, or to a
/// positional record parameter with or without the <c>property:</c> target.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class FieldAttribute : Attribute
{
    /// <summary>Creates the attribute with the member's wire name.</summary>
    public FieldAttribute(string name) => Name = name;

    /// <summary>The wire name.</summary>
    public string Name { get; }
}
