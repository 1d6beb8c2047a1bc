namespace Atdata.Msgpack;

/// <summary>The kind of the next msgpack value, as reported by <see cref="MsgpackReader.PeekType"/>.</summary>
public enum MsgpackType
{
    /// <summary>A format byte that msgpack never uses (<c>0xc1</c>).</summary>
    Invalid,
    /// <summary><c>nil</c>.</summary>
    Nil,
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
    /// <summary>Any integer form, signed or unsigned.</summary>
    Integer,
    /// <summary><c>float32</c> or <c>float64</c>.</summary>
    Float,
    /// <summary>A UTF-8 string.</summary>
    String,
    /// <summary>A byte array.</summary>
    Binary,
    /// <summary>An array of values.</summary>
    Array,
    /// <summary>A map of key/value pairs.</summary>
    Map,
    /// <summary>An extension value (never written by Python atdata; rejected by the SDK's readers).</summary>
    Extension,
}
