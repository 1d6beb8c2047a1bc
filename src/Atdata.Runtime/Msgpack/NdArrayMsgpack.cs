using System.Runtime.InteropServices;

namespace Atdata.Msgpack;

/// <summary>
/// Reads and writes <see cref="NdArray{T}"/> and <see cref="NdArray"/> values as msgpack <c>bin</c> holding
/// the array payload. Generated serializers call these for array fields.
/// </summary>
public static class NdArrayMsgpack
{
    /// <summary>Writes a typed array as <c>bin</c> holding the compact payload, copying the elements once.</summary>
    public static void WriteNdArray<T>(ref MsgpackWriter writer, NdArray<T> value)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(value);
        string dtype = NdArray<T>.DType;
        var data = MemoryMarshal.AsBytes(value.Span);
        int payloadLength = NdArrayPayload.CompactLength(dtype, value.Rank, data.Length);
        writer.WriteBinaryHeader(payloadLength);
        var span = writer.GetSpan(payloadLength);
        int header = NdArrayPayload.WriteCompactHeader(span, dtype, value.Shape);
        data.CopyTo(span[header..]);
        writer.Advance(payloadLength);
    }

    /// <summary>Writes an untyped array as <c>bin</c> holding the compact payload (its byte order is kept).</summary>
    public static void WriteNdArray(ref MsgpackWriter writer, NdArray value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string dtype = value.DType.Text;
        int payloadLength = NdArrayPayload.CompactLength(dtype, value.Rank, value.Data.Length);
        writer.WriteBinaryHeader(payloadLength);
        var span = writer.GetSpan(payloadLength);
        int header = NdArrayPayload.WriteCompactHeader(span, dtype, value.Shape);
        value.Data.Span.CopyTo(span[header..]);
        writer.Advance(payloadLength);
    }

    /// <summary>Reads a <c>bin</c> array payload (compact or <c>.npy</c>) as a typed array, allocated as the reader's options say.</summary>
    public static NdArray<T> ReadNdArray<T>(ref MsgpackReader reader)
        where T : unmanaged
    {
        int start = reader.Position;
        var payload = reader.ReadBinarySpan();
        long payloadOffset = start + (reader.Position - start - payload.Length);
        return NdArrayPayload.Decode<T>(payload, reader.ArrayAllocation, payloadOffset, reader.CurrentField);
    }

    /// <summary>Reads a <c>bin</c> array payload (compact or <c>.npy</c>) as an untyped array.</summary>
    public static NdArray ReadNdArray(ref MsgpackReader reader)
    {
        int start = reader.Position;
        var payload = reader.ReadBinarySpan();
        long payloadOffset = start + (reader.Position - start - payload.Length);
        return NdArray.Parse(payload, payloadOffset, reader.CurrentField);
    }
}
