using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Atdata;

/// <summary>Moves array element bytes: C-order copies, Fortran-order transposes, byte swaps and bool normalization.</summary>
internal static class NdArrayData
{
    /// <summary>
    /// Copies the element bytes of a validated payload into <paramref name="destination"/> in C order,
    /// transposing Fortran-order data and, when <paramref name="toNative"/> is set, converting big-endian
    /// elements to this machine's little-endian order. Plain little-endian C-order data is one copy.
    /// </summary>
    public static void CopyToCOrder(ReadOnlySpan<byte> source, Span<byte> destination, in NdArrayLayout layout, ReadOnlySpan<long> shape, bool toNative)
    {
        var dtype = layout.DType;
        bool swap = toNative && dtype.IsBigEndian;
        if (layout.FortranOrder && shape.Length > 1)
        {
            TransposeFromFortran(source, destination, shape, dtype.ItemSize);
            if (swap)
            {
                ReverseEndianness(destination, destination, dtype.SwapUnit);
            }
        }
        else if (swap)
        {
            ReverseEndianness(source, destination, dtype.SwapUnit);
        }
        else
        {
            source.CopyTo(destination);
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="destination"/> (same length; the two may be the
    /// same span) reversing the bytes of every <paramref name="unit"/>-byte unit.
    /// </summary>
    public static void ReverseEndianness(ReadOnlySpan<byte> source, Span<byte> destination, int unit)
    {
        switch (unit)
        {
            case 1:
                source.CopyTo(destination);
                break;
            case 2:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(source), MemoryMarshal.Cast<byte, ushort>(destination));
                break;
            case 4:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(source), MemoryMarshal.Cast<byte, uint>(destination));
                break;
            case 8:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ulong>(source), MemoryMarshal.Cast<byte, ulong>(destination));
                break;
            default:
                // 6- and 8-byte halves of complex long doubles, 12- and 16-byte long doubles: rare enough for a plain loop.
                source.CopyTo(destination);
                for (int i = 0; i + unit <= destination.Length; i += unit)
                {
                    destination.Slice(i, unit).Reverse();
                }

                break;
        }
    }

    /// <summary>Whether every byte is 0 or 1, the only values a .NET <see cref="bool"/> may hold.</summary>
    public static bool AreCanonicalBools(ReadOnlySpan<byte> data) => !data.ContainsAnyExceptInRange((byte)0, (byte)1);

    /// <summary>
    /// Rewrites every non-zero byte as 1. numpy treats any non-zero byte of a <c>|b1</c> array as true, but a
    /// .NET <see cref="bool"/> holding 2 compares unequal to <see langword="true"/>, so typed reads normalize.
    /// </summary>
    public static void NormalizeBools(Span<byte> data)
    {
        if (AreCanonicalBools(data))
        {
            return;
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var one = Vector<byte>.One;
            for (; i <= data.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                var slice = data.Slice(i, Vector<byte>.Count);
                Vector.Min(new Vector<byte>(slice), one).CopyTo(slice);
            }
        }

        for (; i < data.Length; i++)
        {
            data[i] = data[i] == 0 ? (byte)0 : (byte)1;
        }
    }

    /// <summary>Reorders Fortran-order (column-major) elements into C order.</summary>
    public static void TransposeFromFortran(ReadOnlySpan<byte> source, Span<byte> destination, ReadOnlySpan<long> shape, int itemSize)
    {
        switch (itemSize)
        {
            case 1:
                Transpose(source, destination, shape);
                break;
            case 2:
                Transpose(MemoryMarshal.Cast<byte, ushort>(source), MemoryMarshal.Cast<byte, ushort>(destination), shape);
                break;
            case 4:
                Transpose(MemoryMarshal.Cast<byte, uint>(source), MemoryMarshal.Cast<byte, uint>(destination), shape);
                break;
            case 8:
                Transpose(MemoryMarshal.Cast<byte, ulong>(source), MemoryMarshal.Cast<byte, ulong>(destination), shape);
                break;
            case 16:
                Transpose(MemoryMarshal.Cast<byte, Int128>(source), MemoryMarshal.Cast<byte, Int128>(destination), shape);
                break;
            default:
                TransposeBytes(source, destination, shape, itemSize);
                break;
        }
    }

    private static void Transpose<TItem>(ReadOnlySpan<TItem> source, Span<TItem> destination, ReadOnlySpan<long> shape)
        where TItem : unmanaged
    {
        var cursor = new FortranCursor(shape, stackalloc long[NdArrayShape.MaxRank], stackalloc long[NdArrayShape.MaxRank]);
        for (int i = 0; i < source.Length; i++)
        {
            destination[(int)cursor.Target] = source[i];
            cursor.Advance();
        }
    }

    private static void TransposeBytes(ReadOnlySpan<byte> source, Span<byte> destination, ReadOnlySpan<long> shape, int itemSize)
    {
        var cursor = new FortranCursor(shape, stackalloc long[NdArrayShape.MaxRank], stackalloc long[NdArrayShape.MaxRank]);
        for (int offset = 0; offset < source.Length; offset += itemSize)
        {
            source.Slice(offset, itemSize).CopyTo(destination.Slice((int)(cursor.Target * itemSize), itemSize));
            cursor.Advance();
        }
    }

    /// <summary>
    /// Walks coordinates in Fortran order (first index fastest) and tracks the C-order flat index of the same
    /// coordinates incrementally: one add per element, one subtract per carry.
    /// </summary>
    private ref struct FortranCursor
    {
        private readonly ReadOnlySpan<long> _shape;
        private readonly Span<long> _index;
        private readonly Span<long> _cStride;

        public FortranCursor(ReadOnlySpan<long> shape, Span<long> index, Span<long> cStride)
        {
            _shape = shape;
            _index = index[..shape.Length];
            _cStride = cStride[..shape.Length];
            _cStride[^1] = 1;
            for (int d = shape.Length - 2; d >= 0; d--)
            {
                _cStride[d] = _cStride[d + 1] * shape[d + 1];
            }

            Target = 0;
        }

        /// <summary>The C-order flat index of the current coordinates.</summary>
        public long Target { get; private set; }

        public void Advance()
        {
            for (int d = 0; d < _shape.Length; d++)
            {
                if (++_index[d] < _shape[d])
                {
                    Target += _cStride[d];
                    return;
                }

                _index[d] = 0;
                Target -= (_shape[d] - 1) * _cStride[d];
            }
        }
    }

    /// <summary>Reads the little-endian dimension sizes of a compact header into <paramref name="shape"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadDimensions(ReadOnlySpan<byte> bytes, Span<long> shape)
    {
        for (int i = 0; i < shape.Length; i++)
        {
            shape[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes.Slice(8 * i, 8));
        }
    }
}
