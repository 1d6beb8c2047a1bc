using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Atdata.Msgpack;

namespace Atdata.Runtime.Tests.Arrays;

/// <summary>Builders for compact and .npy payloads written independently of the runtime, plus shared helpers.</summary>
internal static class ArrayTestSupport
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    /// <summary>A compact payload: u8 dtype length, dtype, u8 ndim, ndim × int64 LE, data.</summary>
    public static byte[] Compact(string dtype, long[] shape, byte[] data)
    {
        var result = new List<byte> { (byte)dtype.Length };
        result.AddRange(Encoding.ASCII.GetBytes(dtype));
        result.Add((byte)shape.Length);
        foreach (long dim in shape)
        {
            var word = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(word, dim);
            result.AddRange(word);
        }

        result.AddRange(data);
        return [.. result];
    }

    /// <summary>The header dict numpy writes for a simple dtype.</summary>
    public static string NpyDict(string descr, bool fortranOrder, long[] shape)
    {
        string dims = shape.Length switch
        {
            0 => "()",
            1 => $"({shape[0].ToString(CultureInfo.InvariantCulture)},)",
            _ => "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
        };
        return $"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': {dims}, }}";
    }

    /// <summary>
    /// A .npy file as numpy writes it: magic, version, header length (u16 for 1.0, u32 for 2.0/3.0), the dict
    /// padded with spaces so that the data starts on a 64-byte boundary, a newline, then the data.
    /// </summary>
    public static byte[] Npy(string dict, byte[] data, int major = 1, int minor = 0, bool pad = true)
    {
        int preamble = major == 1 ? 10 : 12;
        var header = dict;
        if (pad)
        {
            int total = preamble + Encoding.UTF8.GetByteCount(header) + 1;
            header += new string(' ', (64 - (total % 64)) % 64);
        }

        header += "\n";
        var headerBytes = major == 3 ? Encoding.UTF8.GetBytes(header) : Encoding.Latin1.GetBytes(header);
        var result = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, (byte)minor };
        var length = new byte[major == 1 ? 2 : 4];
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)headerBytes.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)headerBytes.Length);
        }

        result.AddRange(length);
        result.AddRange(headerBytes);
        result.AddRange(data);
        return [.. result];
    }

    public static byte[] Npy(string descr, bool fortranOrder, long[] shape, byte[] data, int major = 1)
        => Npy(NpyDict(descr, fortranOrder, shape), data, major);

    /// <summary>Reorders C-order element bytes into Fortran order (by coordinates, independently of the runtime).</summary>
    public static byte[] ToFortran(byte[] cOrder, long[] shape, int itemSize)
    {
        var result = new byte[cOrder.Length];
        long count = cOrder.Length / itemSize;
        var coordinates = new long[shape.Length];
        for (long c = 0; c < count; c++)
        {
            long rest = c;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                coordinates[d] = rest % shape[d];
                rest /= shape[d];
            }

            long f = 0;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                f = (f * shape[d]) + coordinates[d];
            }

            Array.Copy(cOrder, c * itemSize, result, f * itemSize, itemSize);
        }

        return result;
    }

    /// <summary>Reverses every <paramref name="unit"/>-byte group.</summary>
    public static byte[] Swap(byte[] data, int unit)
    {
        var result = (byte[])data.Clone();
        for (int i = 0; i < result.Length; i += unit)
        {
            Array.Reverse(result, i, unit);
        }

        return result;
    }

    /// <summary>Wraps bytes in a msgpack bin value.</summary>
    public static byte[] Bin(byte[] payload)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MsgpackWriter(buffer);
        writer.WriteBinary(payload);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes one typed array as a msgpack bin value.</summary>
    public static byte[] WriteBin<T>(NdArray<T> array)
        where T : unmanaged
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MsgpackWriter(buffer);
        NdArrayMsgpack.WriteNdArray(ref writer, array);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static string VectorsDirectory => Infrastructure.TestVectors.Directory;

    public static JsonDocument LoadVectors(string fileName)
        => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(VectorsDirectory, fileName)));

    /// <summary>Runs <paramref name="action"/> and returns the bytes it allocated on this thread.</summary>
    public static long AllocatedBy(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
