namespace Atdata;

/// <summary>
/// The kind of a schema field type: the text after the last <c>#</c> of its <c>$type</c>
/// (<c>local#primitive</c> → <see cref="Primitive"/>).
/// </summary>
public enum SchemaFieldKind
{
    /// <summary><c>primitive</c>: <c>str</c>, <c>int</c>, <c>float</c>, <c>bool</c> or <c>bytes</c>.</summary>
    Primitive,

    /// <summary><c>ndarray</c>: an array payload with a descriptive dtype (and, from atmosphere records, a shape).</summary>
    NdArray,

    /// <summary><c>array</c>: a list of items of one field type.</summary>
    Array,

    /// <summary><c>ref</c>: a reference to another schema. Readers know it; Python cannot rebuild a type from it.</summary>
    Ref,

    /// <summary><c>dataframe</c> (atdata v0.7): a pandas DataFrame stored as bytes.</summary>
    DataFrame,

    /// <summary><c>sparse</c> (atdata v0.7): a sparse matrix stored as bytes.</summary>
    Sparse,

    /// <summary><c>structured</c> (atdata v0.7): a structured numpy array, read as an array.</summary>
    Structured,

    /// <summary><c>arrow_tensor</c> (atdata v0.7): an Arrow tensor stored as bytes.</summary>
    ArrowTensor,

    /// <summary><c>safetensors</c> (atdata v0.7): a safetensors blob stored as bytes.</summary>
    Safetensors,

    /// <summary>
    /// <c>map</c> (an Atdata for .NET extension): a dictionary with string keys and values of one field type
    /// (<see cref="SchemaFieldType.Values"/>), what the source generator writes for <c>Dictionary&lt;string, T&gt;</c>.
    /// Python atdata has no such kind: it cannot rebuild a type from a record that uses it.
    /// </summary>
    Map,

    /// <summary>A kind this SDK does not know; its name is kept in <see cref="SchemaFieldType.KindName"/>.</summary>
    Other,
}
