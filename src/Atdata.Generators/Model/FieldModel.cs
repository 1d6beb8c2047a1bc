namespace Atdata.Generators.Model;

/// <summary>One serialized member of a <c>[Packable]</c> type.</summary>
/// <param name="ClrName">The member name as written in code, escaped with <c>@</c> when it is a C# keyword.</param>
/// <param name="WireName">The msgpack key (and Python field name).</param>
/// <param name="Shape">How the value is encoded.</param>
/// <param name="IsPositional">Whether the member is a positional record parameter (passed to the primary constructor).</param>
internal sealed record FieldModel(
    string ClrName,
    string WireName,
    ValueShape Shape,
    bool IsPositional)
{
    /// <summary>A missing key is an error unless the member is nullable.</summary>
    public bool IsRequiredOnRead => !Shape.IsNullable;
}
