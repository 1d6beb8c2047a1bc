namespace Atdata.Generators.Model;

/// <summary>How a member's value is written to and read from msgpack.</summary>
internal enum WireKind
{
    /// <summary><see cref="string"/>: msgpack str.</summary>
    String,

    /// <summary><see cref="bool"/>: msgpack bool.</summary>
    Boolean,

    /// <summary><see cref="sbyte"/> (or an enum over it): msgpack int.</summary>
    SByte,

    /// <summary><see cref="byte"/> (or an enum over it): msgpack int.</summary>
    Byte,

    /// <summary><see cref="short"/> (or an enum over it): msgpack int.</summary>
    Int16,

    /// <summary><see cref="ushort"/> (or an enum over it): msgpack int.</summary>
    UInt16,

    /// <summary><see cref="int"/> (or an enum over it): msgpack int.</summary>
    Int32,

    /// <summary><see cref="uint"/> (or an enum over it): msgpack int.</summary>
    UInt32,

    /// <summary><see cref="long"/> (or an enum over it): msgpack int.</summary>
    Int64,

    /// <summary><see cref="ulong"/> (or an enum over it): msgpack int.</summary>
    UInt64,

    /// <summary><c>System.Half</c>: written as float64.</summary>
    Half,

    /// <summary><see cref="float"/>: written as float64 (Python's float), read from float32 or float64.</summary>
    Single,

    /// <summary><see cref="double"/>: float64.</summary>
    Double,

    /// <summary><c>byte[]</c>: msgpack bin.</summary>
    Binary,

    /// <summary><c>ReadOnlyMemory&lt;byte&gt;</c>: msgpack bin.</summary>
    BinaryMemory,

    /// <summary><c>NdArray&lt;T&gt;</c>: bin holding the compact array payload.</summary>
    NdArray,

    /// <summary>Untyped <c>NdArray</c>: bin holding the compact array payload.</summary>
    NdArrayUntyped,

    /// <summary><c>T[]</c> (not <c>byte[]</c>): msgpack array.</summary>
    Array,

    /// <summary><c>List&lt;T&gt;</c>: msgpack array.</summary>
    List,

    /// <summary><c>IReadOnlyList&lt;T&gt;</c>: msgpack array, read into a <c>T[]</c>.</summary>
    ReadOnlyList,

    /// <summary><c>ImmutableArray&lt;T&gt;</c>: msgpack array.</summary>
    ImmutableArray,

    /// <summary><c>Dictionary&lt;string, T&gt;</c>: msgpack map with string keys.</summary>
    Dictionary,

    /// <summary><c>IReadOnlyDictionary&lt;string, T&gt;</c>: msgpack map, read into a <c>Dictionary&lt;string, T&gt;</c>.</summary>
    ReadOnlyDictionary,
}

/// <summary>Whether and how a member can be null.</summary>
internal enum NullableKind
{
    /// <summary>Not nullable: a value type, or a reference type not annotated with <c>?</c>.</summary>
    None,

    /// <summary>A nullable value type (<c>int?</c>).</summary>
    ValueType,

    /// <summary>A reference type annotated with <c>?</c> (<c>string?</c>).</summary>
    Reference,
}
