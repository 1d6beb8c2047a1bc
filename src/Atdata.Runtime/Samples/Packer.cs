using System.Buffers;
using Atdata.Msgpack;

namespace Atdata;

/// <summary>
/// Entry points that turn samples into msgpack bytes and back. Generated members (<c>sample.Pack()</c>,
/// <c>T.Unpack(span)</c>) call these.
/// </summary>
public static class Packer
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    /// <summary>Writes <paramref name="sample"/> into <paramref name="output"/> with no intermediate copy.</summary>
    public static void Pack<T>(T sample, IBufferWriter<byte> output)
        where T : IPackable<T>
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(output);
        var writer = new MsgpackWriter(output);
        T.Write(ref writer, sample);
        writer.Flush();
    }

    /// <summary>Returns the msgpack bytes of <paramref name="sample"/> (Python's <c>sample.packed</c>).</summary>
    public static byte[] Pack<T>(T sample)
        where T : IPackable<T>
    {
        var scratch = t_scratch ??= new ArrayBufferWriter<byte>(1024);
        scratch.ResetWrittenCount();
        Pack(sample, scratch);
        byte[] result = scratch.WrittenSpan.ToArray();
        if (scratch.Capacity > 1 << 20)
        {
            // Do not pin a large buffer to the thread after one big sample.
            t_scratch = null;
        }

        return result;
    }

    /// <summary>Reads a sample from exactly the bytes of one msgpack map.</summary>
    /// <exception cref="SampleFormatException">The bytes are malformed, incomplete, or followed by trailing bytes.</exception>
    public static T Unpack<T>(ReadOnlySpan<byte> data, MsgpackReaderOptions? options = null)
        where T : IPackable<T>
    {
        var reader = new MsgpackReader(data, options);
        T value = T.Read(ref reader);
        reader.EnsureEnd();
        return value;
    }

    /// <summary>Reads a sample from a possibly segmented buffer (for example a pipe's read result).</summary>
    /// <exception cref="SampleFormatException">The bytes are malformed, incomplete, or followed by trailing bytes.</exception>
    public static T Unpack<T>(ReadOnlySequence<byte> data, MsgpackReaderOptions? options = null)
        where T : IPackable<T>
    {
        if (data.IsSingleSegment)
        {
            return Unpack<T>(data.FirstSpan, options);
        }

        if (data.Length > Array.MaxLength)
        {
            throw ThrowHelper.SampleFormat(SampleFormatError.TooLarge, $"A {data.Length}-byte sample is larger than the largest supported buffer", -1);
        }

        int length = (int)data.Length;
        byte[] rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            data.CopyTo(rented);
            return Unpack<T>(rented.AsSpan(0, length), options);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Returns the sample as a WebDataset member (Python's <c>sample.as_wds</c>); a new uuid1 key when <paramref name="key"/> is null.</summary>
    public static WdsSample AsWds<T>(T sample, string? key = null)
        where T : IPackable<T>
    {
        if (key is null)
        {
            key = SampleKey.NewKey();
        }
        else
        {
            SampleKey.Validate(key);
        }

        return new WdsSample(key, Pack(sample));
    }
}
