using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Atdata;

/// <summary>
/// Encodes and decodes the array payload carried in a sample's <c>bin</c> value: the compact format Python
/// atdata writes (interop §1.4) and the legacy <c>.npy</c> format it still reads.
/// </summary>
/// <remarks>
/// Every header field is validated, with checked arithmetic, against the bytes actually present before
/// anything is allocated, so a hostile header costs nothing.
/// </remarks>
internal static class NdArrayPayload
{
    private static ReadOnlySpan<byte> NpyMagic => "\x93NUMPY"u8;

    /// <summary>The length of the compact payload for an array with the given dtype text, rank and data length.</summary>
    public static int CompactLength(string dtype, int rank, long dataLength)
    {
        long total = 1L + dtype.Length + 1 + (8L * rank) + dataLength;
        if (total > Array.MaxLength)
        {
            throw new InvalidOperationException($"The array payload would be {total} bytes, more than a msgpack bin value can hold here.");
        }

        return (int)total;
    }

    /// <summary>Writes the compact header (dtype, rank, shape) and returns its length; the data follows it.</summary>
    public static int WriteCompactHeader(Span<byte> destination, string dtype, ReadOnlySpan<long> shape)
    {
        destination[0] = (byte)dtype.Length;
        int written = 1 + Encoding.ASCII.GetBytes(dtype, destination[1..]);
        destination[written++] = (byte)shape.Length;
        foreach (long dim in shape)
        {
            BinaryPrimitives.WriteInt64LittleEndian(destination[written..], dim);
            written += 8;
        }

        return written;
    }

    /// <summary>Whether the payload is a legacy <c>.npy</c> file (starts with <c>\x93NUMPY</c>).</summary>
    public static bool IsNpy(ReadOnlySpan<byte> payload) => payload.StartsWith(NpyMagic);

    /// <summary>Parses a compact or <c>.npy</c> header and checks the data length against it.</summary>
    /// <param name="payload">The whole payload.</param>
    /// <param name="baseOffset">The payload's offset within the enclosing sample, for error messages.</param>
    /// <param name="field">The field being read, for error messages.</param>
    public static NdArrayHeader ParseHeader(ReadOnlySpan<byte> payload, long baseOffset, string? field)
        => IsNpy(payload) ? NpyHeaderParser.Parse(payload, baseOffset, field) : ParseCompactHeader(payload, baseOffset, field);

    private static NdArrayHeader ParseCompactHeader(ReadOnlySpan<byte> payload, long baseOffset, string? field)
    {
        if (payload.Length < 2)
        {
            throw Invalid("Array payload is shorter than its header", baseOffset, field);
        }

        int dtypeLength = payload[0];
        if (dtypeLength == 0 || 1 + dtypeLength + 1 > payload.Length)
        {
            throw Invalid($"Array payload declares a {dtypeLength}-byte dtype that does not fit", baseOffset, field);
        }

        var dtypeBytes = payload.Slice(1, dtypeLength);
        if (!Ascii.IsValid(dtypeBytes) || !NdArrayDType.TryParse(Encoding.ASCII.GetString(dtypeBytes), out var dtype))
        {
            throw Invalid($"Unsupported array dtype '{Printable(dtypeBytes)}'", baseOffset + 1, field);
        }

        int rank = payload[1 + dtypeLength];
        if (rank > NdArrayShape.MaxRank)
        {
            throw Invalid($"Array declares {rank} dimensions; at most {NdArrayShape.MaxRank} are accepted", baseOffset + 1 + dtypeLength, field);
        }

        int shapeOffset = 2 + dtypeLength;
        if (payload.Length - shapeOffset < 8 * rank)
        {
            throw Invalid($"Array payload ends inside its {rank}-dimension shape", baseOffset + shapeOffset, field);
        }

        var shape = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            shape[i] = BinaryPrimitives.ReadInt64LittleEndian(payload.Slice(shapeOffset + (8 * i), 8));
        }

        int dataOffset = shapeOffset + (8 * rank);
        return Validate(dtype, shape, fortranOrder: false, dataOffset, payload.Length, baseOffset, field);
    }

    /// <summary>Checks a parsed shape against the data actually present: no negative or overflowing dimension, and exactly the declared bytes.</summary>
    internal static NdArrayHeader Validate(NdArrayDType dtype, long[] shape, bool fortranOrder, int dataOffset, int payloadLength, long baseOffset, string? field)
    {
        int available = payloadLength - dataOffset;
        foreach (long dim in shape)
        {
            if (dim < 0)
            {
                throw Invalid($"Array shape ({NdArrayShape.Format(shape)}) has a negative dimension", baseOffset, field);
            }
        }

        if (!NdArrayShape.TryElementCount(shape, available / dtype.ItemSize, out long count))
        {
            throw Invalid($"Array shape ({NdArrayShape.Format(shape)}) of '{dtype.Text}' needs more than the {available} data bytes present", baseOffset, field);
        }

        long expected = count * dtype.ItemSize;
        if (expected != available)
        {
            throw Invalid($"Array shape ({NdArrayShape.Format(shape)}) of '{dtype.Text}' needs {expected} data bytes but {available} are present", baseOffset, field);
        }

        return new NdArrayHeader(dtype, shape, (int)count, dataOffset, fortranOrder);
    }

    /// <summary>Decodes a payload into a typed array, converting byte order and Fortran order as needed.</summary>
    public static NdArray<T> Decode<T>(ReadOnlySpan<byte> payload, NdArrayAllocation allocation, long baseOffset, string? field)
        where T : unmanaged
    {
        var header = ParseHeader(payload, baseOffset, field);
        if (!header.DType.Matches<T>())
        {
            throw ThrowHelper.SampleFormat(SampleFormatError.InvalidArray,
                $"Array dtype '{header.DType.Text}' cannot be read as NdArray<{typeof(T).Name}> ('{NdArrayElement<T>.DType}')", baseOffset, field);
        }

        var result = NdArray<T>.Allocate(header.Shape, header.ElementCount, allocation);
        var destination = MemoryMarshal.AsBytes(result.Span);
        NdArrayData.CopyToNative(payload.Slice(header.DataOffset, header.DataLength), destination, header);
        return result;
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length);
        foreach (byte b in bytes[..Math.Min(bytes.Length, 32)])
        {
            builder.Append(b is >= 0x20 and < 0x7f ? (char)b : '?');
        }

        return builder.ToString();
    }

    internal static SampleFormatException Invalid(string message, long offset, string? field)
        => ThrowHelper.SampleFormat(SampleFormatError.InvalidArray, message, offset, field);
}
