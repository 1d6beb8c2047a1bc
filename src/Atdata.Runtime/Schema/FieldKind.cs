namespace Atdata;

/// <summary>The wire kind of a <see cref="FieldDescriptor"/>: how the field's value is encoded in a sample.</summary>
public enum FieldKind
{
    /// <summary>msgpack str; schema primitive <c>str</c>.</summary>
    String,

    /// <summary>msgpack bool; schema primitive <c>bool</c>.</summary>
    Bool,

    /// <summary>msgpack int; schema primitive <c>int</c>.</summary>
    Int,

    /// <summary>msgpack float64; schema primitive <c>float</c>.</summary>
    Float,

    /// <summary>msgpack bin; schema primitive <c>bytes</c>.</summary>
    Bytes,

    /// <summary>msgpack bin holding an array payload; schema <c>local#ndarray</c> with a dtype.</summary>
    NdArray,

    /// <summary>msgpack array; schema <c>local#array</c>.</summary>
    Array,

    /// <summary>msgpack map with string keys (a C# dictionary; Python schemas have no such kind).</summary>
    Map,
}
