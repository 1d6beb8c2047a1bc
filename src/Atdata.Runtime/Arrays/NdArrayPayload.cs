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
/// anything is allocated, so a hostile header costs nothing: the shape is parsed into a stack buffer of
/// <see cref="NdArrayShape.MaxRank"/> slots, and the element count may never exceed the data bytes present
/// divided by the item size. A <c>-1</c> dimension is refused, never inferred.
/// </remarks>
internal static class NdArrayPayload
{
    /// <summary>The smallest possible compact payload: length byte, a three-character dtype, rank byte.</summary>
    public const int MinCompactLength = 5;

    /// <summary><c>\x93NUMPY</c>, the first six bytes of every <c>.npy</c> file.</summary>
    private static ReadOnlySpan<byte> NpyMagic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The length of the compact payload for an array with the given dtype length, rank and data length.</summary>
    public static int CompactLength(int dtypeLength, int rank, long dataLength)
    {
        long total = 1L + dtypeLength + 1 + (8L * rank) + dataLength;
        if (total > Array.MaxLength)
        {
            throw new InvalidOperationException($"The array payload would be {total} bytes, more than a msgpack bin value can hold here.");
        }

        return (int)total;
    }

    /// <summary>Writes the compact header (dtype, rank, shape) and returns its length; the data follows it.</summary>
    public static int WriteCompactHeader(Span<byte> destination, ReadOnlySpan<byte> dtypeAscii, ReadOnlySpan<long> shape)
    {
        destination[0] = (byte)dtypeAscii.Length;
        dtypeAscii.CopyTo(destination[1..]);
        int written = 1 + dtypeAscii.Length;
        destination[written++] = (byte)shape.Length;
        foreach (long dim in shape)
        {
            BinaryPrimitives.WriteInt64LittleEndian(destination[written..], dim);
            written += 8;
        }

        return written;
    }

    /// <summary>Writes the compact header for a dtype given as text (always ASCII: it parsed as a dtype).</summary>
    public static int WriteCompactHeader(Span<byte> destination, string dtype, ReadOnlySpan<long> shape)
    {
        Span<byte> ascii = stackalloc byte[NdArrayDType.MaxTextLength];
        int length = Encoding.ASCII.GetBytes(dtype, ascii);
        return WriteCompactHeader(destination, ascii[..length], shape);
    }

    /// <summary>Whether the payload is a legacy <c>.npy</c> file (starts with <c>\x93NUMPY</c>).</summary>
    public static bool IsNpy(ReadOnlySpan<byte> payload) => payload.StartsWith(NpyMagic);

    /// <summary>
    /// Parses and validates a compact header without throwing. The dimensions go to <paramref name="shape"/>
    /// (at least <see cref="NdArrayShape.MaxRank"/> slots); on failure <paramref name="layout"/> holds what was
    /// read before the problem, for the error message.
    /// </summary>
    public static NdArrayProblem TryParseCompact(ReadOnlySpan<byte> payload, Span<long> shape, out NdArrayLayout layout)
    {
        layout = default;
        if (payload.Length < 2)
        {
            return NdArrayProblem.TooShort;
        }

        int dtypeLength = payload[0];
        if (dtypeLength == 0 || 2 + dtypeLength > payload.Length)
        {
            return NdArrayProblem.DTypeLengthOutOfBounds;
        }

        if (!NdArrayDType.TryParse(payload.Slice(1, dtypeLength), out var dtype))
        {
            return NdArrayProblem.UnsupportedDType;
        }

        int rank = payload[1 + dtypeLength];
        int shapeOffset = 2 + dtypeLength;
        layout = new NdArrayLayout(dtype, rank, 0, shapeOffset + (8 * rank), FortranOrder: false, IsNpy: false);
        if (rank > NdArrayShape.MaxRank)
        {
            return NdArrayProblem.TooManyDimensions;
        }

        if (payload.Length - shapeOffset < 8 * rank)
        {
            return NdArrayProblem.ShapeTruncated;
        }

        var dims = shape[..rank];
        NdArrayData.ReadDimensions(payload[shapeOffset..], dims);
        var problem = CheckShape(dtype, dims, payload.Length - layout.DataOffset, out int count);
        layout = layout with { ElementCount = count };
        return problem;
    }

    /// <summary>Parses a compact or <c>.npy</c> header, checking the data length against it, or throws <see cref="SampleFormatException"/>.</summary>
    /// <param name="payload">The whole payload.</param>
    /// <param name="shape">Receives the dimensions; at least <see cref="NdArrayShape.MaxRank"/> slots.</param>
    /// <param name="baseOffset">The payload's offset within the enclosing sample, for error messages.</param>
    /// <param name="field">The field being read, for error messages.</param>
    public static NdArrayLayout ParseHeader(ReadOnlySpan<byte> payload, Span<long> shape, long baseOffset, string? field)
    {
        if (IsNpy(payload))
        {
            return NpyHeaderParser.Parse(payload, shape, baseOffset, field);
        }

        var problem = TryParseCompact(payload, shape, out var layout);
        if (problem != NdArrayProblem.None)
        {
            throw CompactError(problem, payload, shape, layout, baseOffset, field);
        }

        return layout;
    }

    /// <summary>Checks a parsed shape against the data actually present, or throws (used by the <c>.npy</c> parser).</summary>
    internal static NdArrayLayout Validate(NdArrayDType dtype, ReadOnlySpan<long> shape, bool fortranOrder, bool isNpy, int dataOffset, ReadOnlySpan<byte> payload, long errorOffset, string? field)
    {
        int available = payload.Length - dataOffset;
        var problem = CheckShape(dtype, shape, available, out int count);
        if (problem != NdArrayProblem.None)
        {
            throw Invalid(ShapeMessage(problem, dtype, shape, available), errorOffset, field);
        }

        return new NdArrayLayout(dtype, shape.Length, count, dataOffset, fortranOrder, isNpy);
    }

    /// <summary>Decodes a payload into a typed array: one copy, plus a byte swap for big-endian data or a transpose for Fortran order.</summary>
    public static NdArray<T> Decode<T>(ReadOnlySpan<byte> payload, NdArrayAllocation allocation, long baseOffset, string? field)
        where T : unmanaged
    {
        NdArrayElement<T>.EnsureSupported();
        Span<long> shape = stackalloc long[NdArrayShape.MaxRank];
        var layout = ParseHeader(payload, shape, baseOffset, field);
        if (!layout.DType.Matches<T>())
        {
            throw Invalid($"Array dtype '{layout.DType.Text}' cannot be read as NdArray<{typeof(T).Name}> ('{NdArrayElement<T>.DType}')", baseOffset, field);
        }

        var dims = shape[..layout.Rank];
        var result = NdArray<T>.Allocate(dims.ToArray(), layout.ElementCount, allocation);
        var destination = MemoryMarshal.AsBytes(result.Span);
        NdArrayData.CopyToCOrder(payload.Slice(layout.DataOffset, layout.DataLength), destination, layout, dims, toNative: true);
        if (NdArrayElement<T>.IsBool)
        {
            NdArrayData.NormalizeBools(destination);
        }

        return result;
    }

    internal static SampleFormatException CompactError(NdArrayProblem problem, ReadOnlySpan<byte> payload, ReadOnlySpan<long> shape, in NdArrayLayout layout, long baseOffset, string? field)
    {
        int dtypeLength = payload.IsEmpty ? 0 : payload[0];
        return problem switch
        {
            NdArrayProblem.TooShort => Invalid($"Array payload of {payload.Length} bytes is shorter than the smallest header ({MinCompactLength} bytes)", baseOffset, field),
            NdArrayProblem.DTypeLengthOutOfBounds => Invalid($"Array payload declares a {dtypeLength}-byte dtype but holds only {payload.Length} bytes", baseOffset, field),
            NdArrayProblem.UnsupportedDType => Invalid($"Unsupported array dtype '{Printable(payload.Slice(1, dtypeLength))}' (object, structured and datetime dtypes are refused)", baseOffset + 1, field),
            NdArrayProblem.TooManyDimensions => Invalid($"Array declares {layout.Rank} dimensions; at most {NdArrayShape.MaxRank} are accepted", baseOffset + 1 + dtypeLength, field),
            NdArrayProblem.ShapeTruncated => Invalid($"Array payload ends inside its {layout.Rank}-dimension shape", baseOffset + 2 + dtypeLength, field),
            _ => Invalid(ShapeMessage(problem, layout.DType, shape[..layout.Rank], payload.Length - layout.DataOffset), baseOffset + 2 + dtypeLength, field),
        };
    }

    internal static string Printable(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(Math.Min(bytes.Length, 32));
        foreach (byte b in bytes[..Math.Min(bytes.Length, 32)])
        {
            builder.Append(b is >= 0x20 and < 0x7f ? (char)b : '?');
        }

        return builder.ToString();
    }

    internal static SampleFormatException Invalid(string message, long offset, string? field)
        => ThrowHelper.SampleFormat(SampleFormatError.InvalidArray, message, offset, field);

    private static NdArrayProblem CheckShape(NdArrayDType dtype, ReadOnlySpan<long> shape, int available, out int count)
    {
        count = 0;
        foreach (long dim in shape)
        {
            if (dim < 0)
            {
                return NdArrayProblem.NegativeDimension;
            }
        }

        // The product is bounded by the whole items present, so it can neither overflow nor exceed the data.
        if (!NdArrayShape.TryElementCount(shape, available / dtype.ItemSize, out long elements))
        {
            return NdArrayProblem.ShapeExceedsData;
        }

        if (elements * dtype.ItemSize != available)
        {
            return available % dtype.ItemSize != 0 ? NdArrayProblem.DataNotMultipleOfItemSize : NdArrayProblem.DataExceedsShape;
        }

        count = (int)elements;
        return NdArrayProblem.None;
    }

    private static string ShapeMessage(NdArrayProblem problem, NdArrayDType dtype, ReadOnlySpan<long> shape, int available) => problem switch
    {
        NdArrayProblem.NegativeDimension => $"Array shape ({NdArrayShape.Format(shape)}) has a negative dimension (-1 is never inferred)",
        NdArrayProblem.DataNotMultipleOfItemSize => $"Array data of {available} bytes is not a whole number of {dtype.ItemSize}-byte '{dtype.Text}' items",
        _ when NdArrayShape.TryElementCount(shape, long.MaxValue / dtype.ItemSize, out long elements)
            => $"Array shape ({NdArrayShape.Format(shape)}) of '{dtype.Text}' needs {elements * dtype.ItemSize} data bytes but {available} are present",
        _ => $"Array shape ({NdArrayShape.Format(shape)}) of '{dtype.Text}' overflows 64-bit arithmetic ({available} data bytes are present)",
    };
}
