using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Atdata;

/// <summary>Copies array element bytes into native (little-endian, C-order) layout.</summary>
internal static class NdArrayData
{
    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/>, swapping byte order and transposing Fortran order as the header says.</summary>
    public static void CopyToNative(ReadOnlySpan<byte> source, Span<byte> destination, in NdArrayHeader header)
    {
        if (header.FortranOrder && header.Shape.Length > 1)
        {
            TransposeFromFortran(source, destination, header.Shape, header.DType.ItemSize);
        }
        else
        {
            source.CopyTo(destination);
        }

        if (header.DType.IsBigEndian)
        {
            SwapInPlace(destination, header.DType);
        }
    }

    /// <summary>Reverses the byte order of every element (complex numbers swap each half separately).</summary>
    public static void SwapInPlace(Span<byte> data, NdArrayDType dtype)
    {
        // A complex number is two floats of half the item size, each swapped on its own.
        int unit = dtype.Kind == 'c' ? dtype.ItemSize / 2 : dtype.ItemSize;
        if (dtype.Kind is 'S' or 'V' or 'b')
        {
            return;
        }

        if (dtype.Kind == 'U')
        {
            unit = 4; // UCS-4 code units.
        }

        switch (unit)
        {
            case 2:
                var u16 = MemoryMarshal.Cast<byte, ushort>(data);
                BinaryPrimitives.ReverseEndianness(u16, u16);
                break;
            case 4:
                var u32 = MemoryMarshal.Cast<byte, uint>(data);
                BinaryPrimitives.ReverseEndianness(u32, u32);
                break;
            case 8:
                var u64 = MemoryMarshal.Cast<byte, ulong>(data);
                BinaryPrimitives.ReverseEndianness(u64, u64);
                break;
            case 16:
                for (int i = 0; i + 16 <= data.Length; i += 16)
                {
                    data.Slice(i, 16).Reverse();
                }

                break;
        }
    }

    private static void TransposeFromFortran(ReadOnlySpan<byte> source, Span<byte> destination, long[] shape, int itemSize)
    {
        // Walk the destination in C order while tracking the matching Fortran-order source offset.
        int rank = shape.Length;
        Span<long> index = rank <= 32 ? stackalloc long[rank] : new long[rank];
        Span<long> fortranStride = rank <= 32 ? stackalloc long[rank] : new long[rank];
        long stride = 1;
        for (int d = 0; d < rank; d++)
        {
            fortranStride[d] = stride;
            stride *= shape[d];
        }

        long count = stride;
        for (long flat = 0; flat < count; flat++)
        {
            long sourceElement = 0;
            for (int d = 0; d < rank; d++)
            {
                sourceElement += index[d] * fortranStride[d];
            }

            source.Slice((int)(sourceElement * itemSize), itemSize).CopyTo(destination.Slice((int)(flat * itemSize), itemSize));
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }
    }
}
