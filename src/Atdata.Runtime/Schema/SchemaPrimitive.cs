namespace Atdata;

/// <summary>The primitive field types of a schema record (<c>"primitive"</c> in a <c>local#primitive</c> field type).</summary>
public enum SchemaPrimitive
{
    /// <summary><c>str</c>: C# <see cref="string"/>.</summary>
    Str,

    /// <summary><c>int</c>: any C# integer type.</summary>
    Int,

    /// <summary><c>float</c>: C# <see cref="double"/> (or <see cref="float"/>, written as float64).</summary>
    Float,

    /// <summary><c>bool</c>: C# <see cref="bool"/>.</summary>
    Bool,

    /// <summary><c>bytes</c>: C# <see cref="byte"/>[].</summary>
    Bytes,
}
