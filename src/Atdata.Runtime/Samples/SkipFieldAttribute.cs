namespace Atdata;

/// <summary>Excludes a settable property of a <see cref="PackableAttribute"/> type from serialization and from the schema.</summary>
/// <remarks>An ignored property keeps its initializer's value (or the default) when a sample is read.</remarks>
[AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class SkipFieldAttribute : Attribute
{
}
