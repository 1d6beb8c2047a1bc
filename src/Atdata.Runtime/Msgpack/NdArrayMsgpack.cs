using System.Runtime.InteropServices;

namespace Atdata.Msgpack;

/// <summary>
/// Reads and writes <see cref="NdArray{T}"/> and <see cref="NdArray"/> values as msgpack <c>bin</c> holding
/// the array payload. Generated serializers call these for array fields.
/// </summary>
/// <remarks>
/// Writing always produces the compact payload (interop §1.4) with a single copy of the element bytes.
/// Reading accepts compact and legacy <c>.npy</c> payloads of either byte order; a typed read is one bounds
/// check and one copy for native payloads (plus a byte swap for big-endian ones), into memory allocated as
/// <see cref="MsgpackReader.ArrayAllocation"/> says. Malformed payloads raise <see cref="SampleFormatException"/>
/// with <see cref="SampleFormatError.InvalidArray"/> (or <see cref="SampleFormatError.Truncated"/> when the
/// <c>bin</c> itself runs past the input) before anything is allocated.
/// </remarks>
public static class NdArrayMsgpack
{
    /// <summary>Writes a typed array as <c>bin</c> holding the compact payload, copying the elements once.</summary>
    public static void WriteNdArray<T>(ref MsgpackWriter writer, NdArray<T> value)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(value);
        WriteCompact(ref writer, NdArrayElement<T>.DTypeAscii, value.Shape, MemoryMarshal.AsBytes(value.Span));
    }

    /// <summary>
    /// Writes elements held anywhere (an array, pooled or stack memory) as <c>bin</c> holding the compact payload
    /// of the given shape, without creating an <see cref="NdArray{T}"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The shape is invalid or its element count differs from <paramref name="data"/>'s length.</exception>
    public static void WriteNdArray<T>(ref MsgpackWriter writer, scoped ReadOnlySpan<T> data, scoped ReadOnlySpan<long> shape)
        where T : unmanaged
    {
        NdArrayElement<T>.EnsureSupported();
        long count = NdArrayShape.ElementCount(shape, nameof(shape));
        if (count != data.Length)
        {
            throw new ArgumentException($"Shape ({NdArrayShape.Format(shape)}) holds {count} elements but the data has {data.Length}.", nameof(shape));
        }

        WriteCompact(ref writer, NdArrayElement<T>.DTypeAscii, shape, MemoryMarshal.AsBytes(data));
    }

    /// <summary>Writes an untyped array as <c>bin</c> holding the compact payload (its dtype text and byte order are kept).</summary>
    public static void WriteNdArray(ref MsgpackWriter writer, NdArray value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Span<byte> dtype = stackalloc byte[NdArrayDType.MaxTextLength];
        int length = System.Text.Encoding.ASCII.GetBytes(value.DType.Text, dtype);
        WriteCompact(ref writer, dtype[..length], value.Shape, value.Data.Span);
    }

    /// <summary>Reads a <c>bin</c> array payload (compact or <c>.npy</c>) as a typed array, allocated as the reader's options say.</summary>
    /// <exception cref="SampleFormatException">The value is not <c>bin</c>, the payload is malformed, or its dtype is not <typeparamref name="T"/>'s.</exception>
    public static NdArray<T> ReadNdArray<T>(ref MsgpackReader reader)
        where T : unmanaged
    {
        var payload = reader.ReadBinarySpan();
        return NdArrayPayload.Decode<T>(payload, reader.ArrayAllocation, reader.Position - payload.Length, reader.CurrentField);
    }

    /// <summary>Reads a <c>bin</c> array payload (compact or <c>.npy</c>) as an untyped array.</summary>
    /// <exception cref="SampleFormatException">The value is not <c>bin</c> or the payload is malformed.</exception>
    public static NdArray ReadNdArray(ref MsgpackReader reader)
    {
        var payload = reader.ReadBinarySpan();
        return NdArray.Parse(payload, reader.Position - payload.Length, reader.CurrentField);
    }

    /// <summary>
    /// Reads a <c>bin</c> array payload as a zero-copy view into the reader's input (see <see cref="NdArrayView{T}"/>):
    /// valid only while the input buffer is.
    /// </summary>
    /// <exception cref="SampleFormatException">The value is not <c>bin</c>, the payload is malformed, or its dtype is not <typeparamref name="T"/>'s.</exception>
    /// <exception cref="NotSupportedException">The payload is valid but needs the copying path (big-endian, <c>.npy</c>, non-0/1 bools).</exception>
    public static NdArrayView<T> ReadNdArrayView<T>(ref MsgpackReader reader)
        where T : unmanaged
    {
        var payload = reader.ReadBinarySpan();
        return NdArrayView<T>.Parse(payload, reader.Position - payload.Length, reader.CurrentField);
    }

    private static void WriteCompact(ref MsgpackWriter writer, scoped ReadOnlySpan<byte> dtype, scoped ReadOnlySpan<long> shape, scoped ReadOnlySpan<byte> data)
    {
        int payloadLength = NdArrayPayload.CompactLength(dtype.Length, shape.Length, data.Length);
        writer.WriteBinaryHeader(payloadLength);
        var span = writer.GetSpan(payloadLength);
        int header = NdArrayPayload.WriteCompactHeader(span, dtype, shape);
        data.CopyTo(span[header..]);
        writer.Advance(payloadLength);
    }
}
