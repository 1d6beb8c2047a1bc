using System.Runtime.InteropServices;

namespace Atdata;

/// <summary>
/// An array whose element type is known only at run time: a numpy dtype, a shape and the raw element bytes
/// in C order and in the byte order the dtype names. Convert it with <see cref="As{T}()"/> when the dtype
/// matches a .NET type.
/// </summary>
/// <remarks>
/// <para>
/// Any plain numpy dtype is kept, including those with no .NET element type (<c>&lt;c8</c> complex64,
/// <c>&lt;f16</c> long double, <c>|S3</c> bytes, <c>&lt;U5</c> unicode, <c>|V8</c> void): such arrays can be
/// inspected and re-written, but not converted. Object, structured and datetime dtypes are refused.
/// </para>
/// <para>
/// Untyped arrays keep big-endian data as it was read, so re-writing one reproduces the original compact
/// payload's dtype and bytes (a Fortran-order <c>.npy</c> payload is reordered to C order, as Python's compact
/// writer does). Boolean bytes are kept as read; <see cref="As{T}()"/> normalizes them.
/// </para>
/// <para>Equality is by value (dtype text, shape and bytes). An untyped array owns GC memory; nothing to dispose.</para>
/// </remarks>
public sealed class NdArray : IEquatable<NdArray>
{
    private readonly long[] _shape;

    /// <summary>Creates an untyped array from a dtype, a shape and element bytes (no copy).</summary>
    /// <param name="dtype">A numpy <c>dtype.str</c>, for example <c>&lt;f4</c> or <c>&gt;i8</c>.</param>
    /// <param name="data">The elements, C order, in the dtype's byte order. The array keeps a reference; do not change the bytes afterwards.</param>
    /// <param name="shape">The dimensions; empty for a 0-d array.</param>
    /// <exception cref="ArgumentException">The dtype is not supported, or the byte count does not match the shape.</exception>
    public NdArray(string dtype, ReadOnlyMemory<byte> data, params ReadOnlySpan<long> shape)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        if (!NdArrayDType.TryParse(dtype, out var parsed))
        {
            throw new ArgumentException($"'{dtype}' is not a supported numpy dtype.", nameof(dtype));
        }

        long count = NdArrayShape.ElementCount(shape, nameof(shape));
        if (count * parsed.ItemSize != data.Length)
        {
            throw new ArgumentException($"Shape ({NdArrayShape.Format(shape)}) of '{dtype}' needs {count * parsed.ItemSize} bytes but {data.Length} were given.", nameof(data));
        }

        DType = parsed;
        _shape = shape.ToArray();
        Length = count;
        Data = data;
    }

    private NdArray(NdArrayDType dtype, long[] shape, long length, ReadOnlyMemory<byte> data)
    {
        DType = dtype;
        _shape = shape;
        Length = length;
        Data = data;
    }

    /// <summary>The numpy dtype.</summary>
    public NdArrayDType DType { get; }

    /// <summary>The size of each dimension; empty for a 0-d array.</summary>
    public ReadOnlySpan<long> Shape => _shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements (the product of <see cref="Shape"/>; 1 for a 0-d array).</summary>
    public long Length { get; }

    /// <summary>The element bytes, row-major, in the byte order of <see cref="DType"/>.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Parses a compact or <c>.npy</c> payload, copying its element bytes (byte order kept, Fortran order reordered to C order).</summary>
    /// <exception cref="SampleFormatException">The payload is malformed (<see cref="SampleFormatError.InvalidArray"/>).</exception>
    public static NdArray Parse(ReadOnlySpan<byte> payload) => Parse(payload, 0, null);

    internal static NdArray Parse(ReadOnlySpan<byte> payload, long baseOffset, string? field)
    {
        Span<long> shape = stackalloc long[NdArrayShape.MaxRank];
        var layout = NdArrayPayload.ParseHeader(payload, shape, baseOffset, field);
        var dims = shape[..layout.Rank];
        var data = layout.DataLength == 0 ? [] : GC.AllocateUninitializedArray<byte>(layout.DataLength);
        NdArrayData.CopyToCOrder(payload.Slice(layout.DataOffset, layout.DataLength), data, layout, dims, toNative: false);
        return new NdArray(layout.DType, dims.ToArray(), layout.ElementCount, data);
    }

    /// <summary>Copies a typed array into an untyped one (dtype <see cref="NdArray{T}.DType"/>, little-endian).</summary>
    public static NdArray From<T>(NdArray<T> array)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        return new NdArray(NdArrayElement<T>.ParsedDType, array.Shape.ToArray(), array.Length, MemoryMarshal.AsBytes(array.Span).ToArray());
    }

    /// <summary>Whether <see cref="As{T}()"/> would succeed: the dtype has <typeparamref name="T"/>'s kind and size, in either byte order.</summary>
    public bool CanConvertTo<T>()
        where T : unmanaged
        => DType.Matches<T>();

    /// <summary>
    /// Converts to a typed array in GC memory: a copy in native byte order (big-endian data is swapped, bool
    /// bytes other than 0 and 1 become 1).
    /// </summary>
    /// <exception cref="InvalidCastException">The dtype does not match <typeparamref name="T"/>.</exception>
    public NdArray<T> As<T>()
        where T : unmanaged
        => As<T>(NdArrayAllocation.Owned);

    /// <summary>
    /// Converts to a typed array: a copy in native byte order (big-endian data is swapped, bool bytes other than
    /// 0 and 1 become 1). With <see cref="NdArrayAllocation.Pooled"/> the caller owns the result's rental.
    /// </summary>
    /// <exception cref="InvalidCastException">The dtype does not match <typeparamref name="T"/>.</exception>
    public NdArray<T> As<T>(NdArrayAllocation allocation)
        where T : unmanaged
    {
        if (!DType.Matches<T>())
        {
            throw new InvalidCastException($"An array of dtype '{DType.Text}' cannot be read as NdArray<{typeof(T).Name}>.");
        }

        var result = NdArray<T>.Allocate(_shape.ToArray(), (int)Length, allocation);
        var destination = MemoryMarshal.AsBytes(result.Span);
        NdArrayData.ReverseEndianness(Data.Span, destination, DType.IsBigEndian ? DType.SwapUnit : 1);
        if (NdArrayElement<T>.IsBool)
        {
            NdArrayData.NormalizeBools(destination);
        }

        return result;
    }

    /// <summary>Encodes the compact payload Python atdata writes (this array's dtype text and bytes, unchanged).</summary>
    public byte[] ToPayload()
    {
        var payload = GC.AllocateUninitializedArray<byte>(NdArrayPayload.CompactLength(DType.Text.Length, Rank, Data.Length));
        int header = NdArrayPayload.WriteCompactHeader(payload, DType.Text, _shape);
        Data.Span.CopyTo(payload.AsSpan(header));
        return payload;
    }

    /// <inheritdoc/>
    public bool Equals(NdArray? other)
        => other is not null
        && DType.Text == other.DType.Text
        && Shape.SequenceEqual(other.Shape)
        && Data.Span.SequenceEqual(other.Data.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as NdArray);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(DType.Text, _shape.Length, Data.Length);

    /// <inheritdoc/>
    public override string ToString() => $"NdArray('{DType.Text}', ({NdArrayShape.Format(_shape)}))";
}
