using Atdata.Shared;

namespace Atdata;

/// <summary>
/// Encodes values as DAG-CBOR exactly as python-libipld's <c>encode_dag_cbor</c> (which Python atdata hashes for
/// every CID) does.
/// </summary>
/// <remarks>
/// <para>
/// Canonical form: map keys sorted by UTF-8 length and then bytewise, minimal-length headers, text as major type
/// 3, integers as major types 0/1, every float as a 64-bit <c>fb</c> (NaN and ±Infinity are refused, −0.0 is
/// written as 0.0), <c>true</c>/<c>false</c>/<c>null</c> as <c>f5</c>/<c>f4</c>/<c>f6</c>.
/// </para>
/// <para>
/// Values: <see langword="null"/>, <see cref="string"/>, <see cref="bool"/>, every integer type,
/// <see cref="double"/>, <see cref="float"/>, <see cref="Half"/>, <see cref="byte"/>[] and
/// <see cref="ReadOnlyMemory{T}"/> of bytes (major type 2; like libipld, bytes that start like a binary CID
/// become a tag-42 link), <see cref="NdArray"/> (its compact payload bytes), <see cref="Cid"/> (a tag-42 link),
/// <see cref="SchemaRecord"/> (as Python's dict), maps (<see cref="IReadOnlyDictionary{TKey, TValue}"/> or any
/// sequence of string-keyed pairs, <see cref="DynamicSample"/>, a non-generic dictionary with string keys) and
/// lists (any other sequence). Tuples and other objects are refused.
/// </para>
/// </remarks>
public static class DagCbor
{
    /// <summary>Encodes one value.</summary>
    /// <exception cref="ArgumentException">The value, or something inside it, cannot be encoded (unsupported type, NaN/Infinity, non-string or duplicate map key, an unpaired surrogate, or nesting beyond 512 levels).</exception>
    public static byte[] Encode(object? value) => DagCborEncoder.Encode(value);
}
