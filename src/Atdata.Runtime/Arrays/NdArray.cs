using System.Runtime.InteropServices;

namespace Atdata;

/// <summary>
/// An array whose element type is known only at run time: a numpy dtype, a shape and the raw element bytes
/// in C order and in the byte order the dtype names. Convert it with <see cref="As{T}"/> when the dtype
/// matches a .NET type.
/// </summary>
/// <remarks>
/// Untyped arrays keep big-endian data as it was read, so re-writing one reproduces the original payload's
/// dtype and bytes. Equality is by value (dtype, shape and bytes).
/// </remarks>
public sealed class NdArray : IEquatable<NdArray>
{
    private readonly long[] _shape;

    /// <summary>Creates an untyped array from a dtype, a shape and element bytes (no copy).</summary>
    /// <exception cref="ArgumentException">The dtype is not supported or the byte count does not match the shape.</exception>
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
        Data = data;
    }

    private NdArray(NdArrayDType dtype, long[] shape, ReadOnlyMemory<byte> data)
    {
        DType = dtype;
        _shape = shape;
        Data = data;
    }

    /// <summary>The numpy dtype.</summary>
    public NdArrayDType DType { get; }

    /// <summary>The size of each dimension; empty for a 0-d array.</summary>
    public ReadOnlySpan<long> Shape => _shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements.</summary>
    public long Length => DType.ItemSize == 0 ? 0 : Data.Length / DType.ItemSize;

    /// <summary>The element bytes, row-major, in the byte order of <see cref="DType"/>.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Parses a compact or <c>.npy</c> payload, copying its element bytes.</summary>
    /// <exception cref="SampleFormatException">The payload is malformed.</exception>
    public static NdArray Parse(ReadOnlySpan<byte> payload) => Parse(payload, 0, null);

    internal static NdArray Parse(ReadOnlySpan<byte> payload, long baseOffset, string? field)
    {
        var header = NdArrayPayload.ParseHeader(payload, baseOffset, field);
        var data = new byte[header.DataLength];
        var nativeOrder = header with { DType = header.DType with { ByteOrder = '|' } };
        // Only the Fortran transpose is applied; the byte order is kept as the dtype says.
        NdArrayData.CopyToNative(payload.Slice(header.DataOffset, header.DataLength), data, nativeOrder);
        return new NdArray(header.DType, header.Shape, data);
    }

    /// <summary>Wraps a typed array (copying its elements).</summary>
    public static NdArray From<T>(NdArray<T> array)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        _ = NdArrayDType.TryParse(NdArray<T>.DType, out var dtype);
        return new NdArray(dtype, array.Shape.ToArray(), MemoryMarshal.AsBytes(array.Span).ToArray());
    }

    /// <summary>Whether <see cref="As{T}"/> would succeed.</summary>
    public bool CanConvertTo<T>()
        where T : unmanaged
        => DType.Matches<T>();

    /// <summary>Converts to a typed array (a copy, in native byte order).</summary>
    /// <exception cref="InvalidCastException">The dtype does not match <typeparamref name="T"/>.</exception>
    public NdArray<T> As<T>()
        where T : unmanaged
    {
        if (!DType.Matches<T>())
        {
            throw new InvalidCastException($"An array of dtype '{DType.Text}' cannot be read as NdArray<{typeof(T).Name}>.");
        }

        var result = NdArray<T>.Allocate(_shape.ToArray(), (int)Length, NdArrayAllocation.Owned);
        var destination = MemoryMarshal.AsBytes(result.Span);
        Data.Span.CopyTo(destination);
        if (DType.IsBigEndian)
        {
            NdArrayData.SwapInPlace(destination, DType);
        }

        return result;
    }

    /// <summary>Encodes the compact payload Python atdata writes.</summary>
    public byte[] ToPayload()
    {
        var payload = new byte[NdArrayPayload.CompactLength(DType.Text, Rank, Data.Length)];
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
