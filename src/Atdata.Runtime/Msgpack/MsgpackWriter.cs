using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Atdata.Msgpack;

/// <summary>
/// Writes msgpack exactly as msgpack-python's <c>packb</c> does with default options: the smallest header for
/// every value, unsigned forms for non-negative integers, <c>float64</c> for every floating-point value,
/// <c>str8</c> for 32–255-byte strings and <c>bin</c> for bytes.
/// </summary>
/// <remarks>
/// <para>
/// The runtime owns this writer instead of using MessagePack-CSharp's <c>MessagePackWriter</c>: ours caches
/// the output span between calls and lets generated code emit pre-encoded keys with one copy, which
/// measured faster (see <c>docs/benchmarks.md</c>), and it cannot be configured into a non-Python dialect.
/// </para>
/// <para>
/// The writer buffers into spans obtained from the <see cref="IBufferWriter{T}"/>; call <see cref="Flush"/>
/// once at the end to commit what was written (the <see cref="Packer"/> entry points do this).
/// </para>
/// </remarks>
public ref struct MsgpackWriter
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _buffered;

    /// <summary>Creates a writer that appends to <paramref name="output"/>.</summary>
    public MsgpackWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _span = default;
        _buffered = 0;
    }

    /// <summary>Commits everything written so far to the underlying buffer writer.</summary>
    public void Flush()
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
            _buffered = 0;
        }

        _span = default;
    }

    /// <summary>
    /// Returns a span of at least <paramref name="sizeHint"/> bytes to write into directly; follow it with
    /// <see cref="Advance"/>.
    /// </summary>
    public Span<byte> GetSpan(int sizeHint)
    {
        Ensure(sizeHint);
        return _span[_buffered..];
    }

    /// <summary>Marks <paramref name="count"/> bytes of the span from <see cref="GetSpan"/> as written.</summary>
    public void Advance(int count)
    {
        if ((uint)count > (uint)(_span.Length - _buffered))
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        _buffered += count;
    }

    /// <summary>Writes bytes that are already msgpack (for example a pre-encoded map key).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteRaw(scoped ReadOnlySpan<byte> msgpack)
    {
        Ensure(msgpack.Length);
        msgpack.CopyTo(_span[_buffered..]);
        _buffered += msgpack.Length;
    }

    /// <summary>Writes <c>nil</c>.</summary>
    public void WriteNil() => WriteByte(MsgpackCode.Nil);

    /// <summary>Writes <c>true</c> or <c>false</c>.</summary>
    public void WriteBoolean(bool value) => WriteByte(value ? MsgpackCode.True : MsgpackCode.False);

    /// <summary>Writes a map header for <paramref name="count"/> key/value pairs.</summary>
    public void WriteMapHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count <= 15)
        {
            WriteByte((byte)(MsgpackCode.MinFixMap | count));
        }
        else if (count <= ushort.MaxValue)
        {
            WriteHeader16(MsgpackCode.Map16, (ushort)count);
        }
        else
        {
            WriteHeader32(MsgpackCode.Map32, (uint)count);
        }
    }

    /// <summary>Writes an array header for <paramref name="count"/> elements.</summary>
    public void WriteArrayHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count <= 15)
        {
            WriteByte((byte)(MsgpackCode.MinFixArray | count));
        }
        else if (count <= ushort.MaxValue)
        {
            WriteHeader16(MsgpackCode.Array16, (ushort)count);
        }
        else
        {
            WriteHeader32(MsgpackCode.Array32, (uint)count);
        }
    }

    /// <summary>Writes a signed integer in its smallest form (unsigned forms for non-negative values, as Python does).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteInt64(long value)
    {
        if (value >= 0)
        {
            WriteUInt64((ulong)value);
        }
        else
        {
            WriteNegative(value);
        }
    }

    /// <summary>Writes an unsigned integer in its smallest form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUInt64(ulong value)
    {
        if (value <= MsgpackCode.MaxPositiveFixInt)
        {
            WriteByte((byte)value);
            return;
        }

        WriteUnsignedSlow(value);
    }

    /// <summary>Writes a floating-point value as <c>float64</c> (Python's <c>float</c>), never <c>float32</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteDouble(double value)
    {
        Ensure(9);
        var span = _span[_buffered..];
        span[0] = MsgpackCode.Float64;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        _buffered += 9;
    }

    /// <summary>Writes a string as UTF-8 with the smallest <c>str</c> header; <see langword="null"/> writes <c>nil</c>.</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteNil();
            return;
        }

        WriteString(value.AsSpan());
    }

    /// <summary>Writes a string as UTF-8 with the smallest <c>str</c> header.</summary>
    public void WriteString(scoped ReadOnlySpan<char> value)
    {
        // Reserve the worst case, encode after a 5-byte gap, then close the gap if a smaller header fits.
        int maxBytes = s_utf8.GetMaxByteCount(value.Length);
        Ensure(maxBytes + 5);
        var span = _span[_buffered..];
        int length;
        if (value.Length <= 31)
        {
            // At most 93 UTF-8 bytes: a fixstr, or a str8 after moving the bytes one place right.
            length = Encode(value, span[1..]);
            if (length <= 31)
            {
                span[0] = (byte)(MsgpackCode.MinFixStr | length);
                _buffered += 1 + length;
                return;
            }

            span.Slice(1, length).CopyTo(span[2..]);
            span[0] = MsgpackCode.Str8;
            span[1] = (byte)length;
            _buffered += 2 + length;
            return;
        }

        length = Encode(value, span[5..]);
        int header = WriteStringHeaderInto(span, length);
        if (header != 5)
        {
            span.Slice(5, length).CopyTo(span[header..]);
        }

        _buffered += header + length;
    }

    /// <summary>Writes a string whose UTF-8 bytes are already known.</summary>
    public void WriteStringUtf8(scoped ReadOnlySpan<byte> utf8)
    {
        Ensure(utf8.Length + 5);
        var span = _span[_buffered..];
        int header = WriteStringHeaderInto(span, utf8.Length);
        utf8.CopyTo(span[header..]);
        _buffered += header + utf8.Length;
    }

    /// <summary>Writes a <c>bin</c> value.</summary>
    public void WriteBinary(scoped ReadOnlySpan<byte> value)
    {
        WriteBinaryHeader(value.Length);
        WriteRaw(value);
    }

    /// <summary>Writes only the header of a <c>bin</c> value of <paramref name="length"/> bytes; the caller writes the bytes next.</summary>
    public void WriteBinaryHeader(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length <= byte.MaxValue)
        {
            Ensure(2);
            _span[_buffered] = MsgpackCode.Bin8;
            _span[_buffered + 1] = (byte)length;
            _buffered += 2;
        }
        else if (length <= ushort.MaxValue)
        {
            WriteHeader16(MsgpackCode.Bin16, (ushort)length);
        }
        else
        {
            WriteHeader32(MsgpackCode.Bin32, (uint)length);
        }
    }

    private static int Encode(scoped ReadOnlySpan<char> value, Span<byte> destination)
    {
        try
        {
            return s_utf8.GetBytes(value, destination);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("The string contains an unpaired surrogate and cannot be encoded as UTF-8.", nameof(value), ex);
        }
    }

    private static int WriteStringHeaderInto(Span<byte> span, int length)
    {
        if (length <= 31)
        {
            span[0] = (byte)(MsgpackCode.MinFixStr | length);
            return 1;
        }

        if (length <= byte.MaxValue)
        {
            span[0] = MsgpackCode.Str8;
            span[1] = (byte)length;
            return 2;
        }

        if (length <= ushort.MaxValue)
        {
            span[0] = MsgpackCode.Str16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)length);
            return 3;
        }

        span[0] = MsgpackCode.Str32;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
        return 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteByte(byte value)
    {
        Ensure(1);
        _span[_buffered++] = value;
    }

    private void WriteHeader16(byte code, ushort value)
    {
        Ensure(3);
        var span = _span[_buffered..];
        span[0] = code;
        BinaryPrimitives.WriteUInt16BigEndian(span[1..], value);
        _buffered += 3;
    }

    private void WriteHeader32(byte code, uint value)
    {
        Ensure(5);
        var span = _span[_buffered..];
        span[0] = code;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], value);
        _buffered += 5;
    }

    private void WriteUnsignedSlow(ulong value)
    {
        Ensure(9);
        var span = _span[_buffered..];
        if (value <= byte.MaxValue)
        {
            span[0] = MsgpackCode.UInt8;
            span[1] = (byte)value;
            _buffered += 2;
        }
        else if (value <= ushort.MaxValue)
        {
            span[0] = MsgpackCode.UInt16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)value);
            _buffered += 3;
        }
        else if (value <= uint.MaxValue)
        {
            span[0] = MsgpackCode.UInt32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value);
            _buffered += 5;
        }
        else
        {
            span[0] = MsgpackCode.UInt64;
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
            _buffered += 9;
        }
    }

    private void WriteNegative(long value)
    {
        Ensure(9);
        var span = _span[_buffered..];
        if (value >= -32)
        {
            span[0] = unchecked((byte)(sbyte)value);
            _buffered += 1;
        }
        else if (value >= sbyte.MinValue)
        {
            span[0] = MsgpackCode.Int8;
            span[1] = unchecked((byte)(sbyte)value);
            _buffered += 2;
        }
        else if (value >= short.MinValue)
        {
            span[0] = MsgpackCode.Int16;
            BinaryPrimitives.WriteInt16BigEndian(span[1..], (short)value);
            _buffered += 3;
        }
        else if (value >= int.MinValue)
        {
            span[0] = MsgpackCode.Int32;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value);
            _buffered += 5;
        }
        else
        {
            span[0] = MsgpackCode.Int64;
            BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
            _buffered += 9;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Ensure(int size)
    {
        if (_span.Length - _buffered < size)
        {
            Grow(size);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int size)
    {
        if (_output is null)
        {
            throw new InvalidOperationException("The writer was not created with an output buffer.");
        }

        if (_buffered > 0)
        {
            _output.Advance(_buffered);
            _buffered = 0;
        }

        // Ask for generous chunks so small values do not each round-trip through the buffer writer.
        _span = _output.GetSpan(Math.Max(size, 256));
    }
}
