using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Atdata.Msgpack;

/// <summary>
/// Reads msgpack from a span, accepting every valid encoding of a value (any integer width that fits,
/// <c>float32</c> or <c>float64</c>) and rejecting malformed input with a <see cref="SampleFormatException"/>
/// that names the field being read (<see cref="CurrentField"/>) and the byte offset.
/// </summary>
/// <remarks>
/// <para>
/// Every declared length is checked against the bytes that remain before anything is allocated, and
/// <see cref="Skip"/> is iterative and depth-limited, so hostile input cannot exhaust memory or the stack.
/// </para>
/// <para>
/// The runtime owns this reader instead of using MessagePack-CSharp's <c>MessagePackReader</c> because that
/// one cannot read a <see cref="ReadOnlySpan{T}"/> without copying it (it reads <c>ReadOnlySequence</c>),
/// does not report byte offsets, and was measurably slower for the generated field switch.
/// </para>
/// </remarks>
public ref struct MsgpackReader
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _maxDepth;
    private int _position;
    private int _depth;

    /// <summary>Creates a reader over <paramref name="buffer"/> with the given options (or the defaults).</summary>
    public MsgpackReader(ReadOnlySpan<byte> buffer, MsgpackReaderOptions? options = null)
    {
        options ??= MsgpackReaderOptions.Default;
        _buffer = buffer;
        _maxDepth = options.MaxDepth;
        ArrayAllocation = options.ArrayAllocation;
        _position = 0;
        _depth = 0;
        CurrentField = null;
    }

    /// <summary>The offset of the next byte to read.</summary>
    public readonly int Position => _position;

    /// <summary>The number of bytes not yet read.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>Whether every byte has been read.</summary>
    public readonly bool End => _position >= _buffer.Length;

    /// <summary>How array payloads read through this reader are allocated.</summary>
    public readonly NdArrayAllocation ArrayAllocation { get; }

    /// <summary>
    /// The wire name of the field whose value is being read; generated code sets it so that errors can name
    /// the field. <see langword="null"/> outside a field.
    /// </summary>
    public string? CurrentField { get; set; }

    /// <summary>Returns the kind of the next value without consuming it.</summary>
    public readonly MsgpackType PeekType()
    {
        if (_position >= _buffer.Length)
        {
            ThrowTruncated(_position);
        }

        return TypeOf(_buffer[_position]);
    }

    /// <summary>Consumes a <c>nil</c> and returns <see langword="true"/>, or returns <see langword="false"/> and consumes nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadNil()
    {
        if (_position < _buffer.Length && _buffer[_position] == MsgpackCode.Nil)
        {
            _position++;
            return true;
        }

        return false;
    }

    /// <summary>Reads <c>nil</c>.</summary>
    public void ReadNil()
    {
        if (!TryReadNil())
        {
            ThrowWrongType("nil");
        }
    }

    /// <summary>Reads a boolean.</summary>
    public bool ReadBoolean()
    {
        byte code = PeekCode();
        if (code == MsgpackCode.True || code == MsgpackCode.False)
        {
            _position++;
            return code == MsgpackCode.True;
        }

        return ThrowWrongType<bool>("bool");
    }

    /// <summary>Reads a map header and returns its number of key/value pairs, checked against the bytes that remain.</summary>
    public int ReadMapHeader()
    {
        int start = _position;
        byte code = PeekCode();
        long count;
        if (code is >= MsgpackCode.MinFixMap and <= MsgpackCode.MaxFixMap)
        {
            _position++;
            count = code & 0x0f;
        }
        else if (code == MsgpackCode.Map16)
        {
            count = ReadBigEndian16(1);
        }
        else if (code == MsgpackCode.Map32)
        {
            count = ReadBigEndian32(1);
        }
        else
        {
            return ThrowWrongType<int>("map");
        }

        // Every pair takes at least two bytes: a declared count larger than that cannot be honest.
        if (count * 2 > Remaining)
        {
            ThrowSampleFormat(SampleFormatError.Truncated, $"Map declares {count} entries but only {Remaining} bytes remain", start);
        }

        return (int)count;
    }

    /// <summary>Reads an array header and returns its number of elements, checked against the bytes that remain.</summary>
    public int ReadArrayHeader()
    {
        int start = _position;
        byte code = PeekCode();
        long count;
        if (code is >= MsgpackCode.MinFixArray and <= MsgpackCode.MaxFixArray)
        {
            _position++;
            count = code & 0x0f;
        }
        else if (code == MsgpackCode.Array16)
        {
            count = ReadBigEndian16(1);
        }
        else if (code == MsgpackCode.Array32)
        {
            count = ReadBigEndian32(1);
        }
        else
        {
            return ThrowWrongType<int>("array");
        }

        if (count > Remaining)
        {
            ThrowSampleFormat(SampleFormatError.Truncated, $"Array declares {count} elements but only {Remaining} bytes remain", start);
        }

        return (int)count;
    }

    /// <summary>Reads a string and returns its UTF-8 bytes without decoding them (a view into the input).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> ReadStringSpan()
    {
        if (_position < _buffer.Length)
        {
            byte code = _buffer[_position];
            if (code is >= MsgpackCode.MinFixStr and <= MsgpackCode.MaxFixStr)
            {
                int length = code & 0x1f;
                int start = _position + 1;
                if (length <= _buffer.Length - start)
                {
                    _position = start + length;
                    return _buffer.Slice(start, length);
                }
            }
        }

        return ReadStringSpanSlow();
    }

    /// <summary>Reads a string, validating its UTF-8.</summary>
    public string ReadString()
    {
        int start = _position;
        var utf8 = ReadStringSpan();
        try
        {
            return s_strictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException ex)
        {
            throw ThrowHelper.SampleFormat(SampleFormatError.InvalidString, "String is not valid UTF-8", start, CurrentField, ex);
        }
    }

    /// <summary>Reads a string, or <see langword="null"/> for <c>nil</c>.</summary>
    public string? ReadNullableString() => TryReadNil() ? null : ReadString();

    /// <summary>Reads a <c>bin</c> value and returns its bytes (a view into the input).</summary>
    public ReadOnlySpan<byte> ReadBinarySpan()
    {
        int start = _position;
        byte code = PeekCode();
        long length;
        switch (code)
        {
            case MsgpackCode.Bin8:
                length = ReadHeaderByte(1);
                break;
            case MsgpackCode.Bin16:
                length = ReadBigEndian16(1);
                break;
            case MsgpackCode.Bin32:
                length = ReadBigEndian32(1);
                break;
            default:
                return ThrowWrongType<byte[]>("bin");
        }

        return TakeBytes(length, start);
    }

    /// <summary>Reads a <c>bin</c> value into a new array.</summary>
    public byte[] ReadBinary() => ReadBinarySpan().ToArray();

    /// <summary>Reads any integer form into an <see cref="long"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadInt64()
    {
        if (_position < _buffer.Length)
        {
            byte code = _buffer[_position];
            if (code <= MsgpackCode.MaxPositiveFixInt)
            {
                _position++;
                return code;
            }

            if (code >= MsgpackCode.MinNegativeFixInt)
            {
                _position++;
                return (sbyte)code;
            }
        }

        return ReadInt64Slow();
    }

    /// <summary>Reads any non-negative integer form into a <see cref="ulong"/>.</summary>
    public ulong ReadUInt64()
    {
        int start = _position;
        byte code = PeekCode();
        if (code <= MsgpackCode.MaxPositiveFixInt)
        {
            _position++;
            return code;
        }

        switch (code)
        {
            case MsgpackCode.UInt8: return ReadHeaderByte(1);
            case MsgpackCode.UInt16: return ReadBigEndian16(1);
            case MsgpackCode.UInt32: return ReadBigEndian32(1);
            case MsgpackCode.UInt64: return ReadBigEndian64(1);
        }

        long signed = ReadInt64();
        if (signed < 0)
        {
            ThrowSampleFormat(SampleFormatError.OutOfRange, $"Value {signed} does not fit an unsigned integer", start);
        }

        return (ulong)signed;
    }

    /// <summary>Reads an integer that must fit an <see cref="int"/>.</summary>
    public int ReadInt32() => (int)ReadSignedInRange(int.MinValue, int.MaxValue, "int");

    /// <summary>Reads an integer that must fit an <see cref="short"/>.</summary>
    public short ReadInt16() => (short)ReadSignedInRange(short.MinValue, short.MaxValue, "short");

    /// <summary>Reads an integer that must fit an <see cref="sbyte"/>.</summary>
    public sbyte ReadSByte() => (sbyte)ReadSignedInRange(sbyte.MinValue, sbyte.MaxValue, "sbyte");

    /// <summary>Reads an integer that must fit an <see cref="uint"/>.</summary>
    public uint ReadUInt32() => (uint)ReadUnsignedAtMost(uint.MaxValue, "uint");

    /// <summary>Reads an integer that must fit an <see cref="ushort"/>.</summary>
    public ushort ReadUInt16() => (ushort)ReadUnsignedAtMost(ushort.MaxValue, "ushort");

    /// <summary>Reads an integer that must fit a <see cref="byte"/>.</summary>
    public byte ReadByte() => (byte)ReadUnsignedAtMost(byte.MaxValue, "byte");

    /// <summary>Reads a <c>float64</c>, a <c>float32</c>, or an integer (Python readers accept an int where a float is expected).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double ReadDouble()
    {
        if (_position < _buffer.Length - 8 && _buffer[_position] == MsgpackCode.Float64)
        {
            double value = BinaryPrimitives.ReadDoubleBigEndian(_buffer.Slice(_position + 1, 8));
            _position += 9;
            return value;
        }

        return ReadDoubleSlow();
    }

    /// <summary>Reads a floating-point value into a <see cref="float"/> (narrowing a <c>float64</c>).</summary>
    public float ReadSingle() => (float)ReadDouble();

    /// <summary>
    /// Skips the next value, however deeply nested, without recursion. Nesting deeper than
    /// <see cref="MsgpackReaderOptions.MaxDepth"/> raises <see cref="SampleFormatError.DepthExceeded"/>.
    /// </summary>
    public void Skip()
    {
        // Each stack slot holds how many values remain in one open array or map; a fixed budget of
        // MaxDepth slots bounds both memory and work per level.
        int limit = Math.Max(1, _maxDepth - _depth);
        long[]? rented = null;
        Span<long> pending = limit <= 512 ? stackalloc long[limit] : (rented = ArrayPool<long>.Shared.Rent(limit));
        try
        {
            int top = 0;
            long remaining = 1;
            while (true)
            {
                while (remaining == 0)
                {
                    if (top == 0)
                    {
                        return;
                    }

                    remaining = pending[--top];
                }

                remaining--;
                int start = _position;
                byte code = PeekCode();
                var type = TypeOf(code);
                long children;
                switch (type)
                {
                    case MsgpackType.Array:
                        children = ReadArrayHeader();
                        break;
                    case MsgpackType.Map:
                        children = 2L * ReadMapHeader();
                        break;
                    case MsgpackType.Invalid:
                        ThrowSampleFormat(SampleFormatError.InvalidMsgpack, "Invalid msgpack format byte 0xc1", start);
                        return;
                    case MsgpackType.Extension:
                        SkipExtension();
                        continue;
                    default:
                        SkipScalar(code);
                        continue;
                }

                // This container is one level below the `top` containers already open in this skip.
                if (_depth + top + 1 > _maxDepth)
                {
                    ThrowSampleFormat(SampleFormatError.DepthExceeded, $"Nesting exceeds the maximum depth of {_maxDepth}", start);
                }

                if (children > 0)
                {
                    pending[top++] = remaining;
                    remaining = children;
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<long>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Reads the next value whole and returns its encoded bytes (a view into the input).</summary>
    public ReadOnlySpan<byte> ReadRaw()
    {
        int start = _position;
        Skip();
        return _buffer[start.._position];
    }

    /// <summary>Throws <see cref="SampleFormatError.TrailingBytes"/> unless every byte has been read.</summary>
    public readonly void EnsureEnd()
    {
        if (_position != _buffer.Length)
        {
            ThrowHelper.ThrowSampleFormat(SampleFormatError.TrailingBytes, $"{_buffer.Length - _position} unexpected bytes after the sample", _position);
        }
    }

    /// <summary>Throws a <see cref="SampleFormatException"/> about a required field that the sample lacks.</summary>
    public static void ThrowMissingField(string wireName)
        => ThrowHelper.ThrowSampleFormat(SampleFormatError.MissingField, "Required field is missing", -1, wireName);

    /// <summary>Throws a <see cref="SampleFormatException"/> about a key that appears twice in one map.</summary>
    public static void ThrowDuplicateField(string wireName, int keyOffset)
        => ThrowHelper.ThrowSampleFormat(SampleFormatError.DuplicateField, "Field appears more than once", keyOffset, wireName);

    /// <summary>Throws a <see cref="SampleFormatException"/> at the current position, naming <see cref="CurrentField"/>.</summary>
    public readonly void ThrowSampleFormat(SampleFormatError error, string message, long offset)
        => ThrowHelper.ThrowSampleFormat(error, message, offset, CurrentField);

    internal readonly byte PeekFormatByte() => PeekCode();

    internal void EnterNested()
    {
        if (++_depth > _maxDepth)
        {
            ThrowSampleFormat(SampleFormatError.DepthExceeded, $"Nesting exceeds the maximum depth of {_maxDepth}", _position);
        }
    }

    internal void ExitNested() => _depth--;

    internal static MsgpackType TypeOf(byte code) => code switch
    {
        <= MsgpackCode.MaxPositiveFixInt => MsgpackType.Integer,
        <= MsgpackCode.MaxFixMap => MsgpackType.Map,
        <= MsgpackCode.MaxFixArray => MsgpackType.Array,
        <= MsgpackCode.MaxFixStr => MsgpackType.String,
        MsgpackCode.Nil => MsgpackType.Nil,
        MsgpackCode.NeverUsed => MsgpackType.Invalid,
        MsgpackCode.False or MsgpackCode.True => MsgpackType.Boolean,
        MsgpackCode.Bin8 or MsgpackCode.Bin16 or MsgpackCode.Bin32 => MsgpackType.Binary,
        MsgpackCode.Ext8 or MsgpackCode.Ext16 or MsgpackCode.Ext32 => MsgpackType.Extension,
        MsgpackCode.Float32 or MsgpackCode.Float64 => MsgpackType.Float,
        >= MsgpackCode.UInt8 and <= MsgpackCode.Int64 => MsgpackType.Integer,
        >= MsgpackCode.FixExt1 and <= MsgpackCode.FixExt16 => MsgpackType.Extension,
        >= MsgpackCode.Str8 and <= MsgpackCode.Str32 => MsgpackType.String,
        MsgpackCode.Array16 or MsgpackCode.Array32 => MsgpackType.Array,
        MsgpackCode.Map16 or MsgpackCode.Map32 => MsgpackType.Map,
        _ => MsgpackType.Integer, // negative fixint 0xe0-0xff
    };

    private long ReadSignedInRange(long min, long max, string type)
    {
        int start = _position;
        long value = ReadInt64();
        if (value < min || value > max)
        {
            ThrowOutOfRange(value, type, start);
        }

        return value;
    }

    private ulong ReadUnsignedAtMost(ulong max, string type)
    {
        int start = _position;
        ulong value = ReadUInt64();
        if (value > max)
        {
            ThrowOutOfRange((long)Math.Min(value, long.MaxValue), type, start);
        }

        return value;
    }

    private ReadOnlySpan<byte> ReadStringSpanSlow()
    {
        int start = _position;
        byte code = PeekCode();
        long length;
        if (code is >= MsgpackCode.MinFixStr and <= MsgpackCode.MaxFixStr)
        {
            _position++;
            length = code & 0x1f;
        }
        else if (code == MsgpackCode.Str8)
        {
            length = ReadHeaderByte(1);
        }
        else if (code == MsgpackCode.Str16)
        {
            length = ReadBigEndian16(1);
        }
        else if (code == MsgpackCode.Str32)
        {
            length = ReadBigEndian32(1);
        }
        else
        {
            return ThrowWrongType<byte[]>("str");
        }

        return TakeBytes(length, start);
    }

    private long ReadInt64Slow()
    {
        int start = _position;
        byte code = PeekCode();
        switch (code)
        {
            case MsgpackCode.UInt8: return ReadHeaderByte(1);
            case MsgpackCode.UInt16: return ReadBigEndian16(1);
            case MsgpackCode.UInt32: return ReadBigEndian32(1);
            case MsgpackCode.UInt64:
                ulong unsigned = ReadBigEndian64(1);
                if (unsigned > long.MaxValue)
                {
                    ThrowSampleFormat(SampleFormatError.OutOfRange, $"Value {unsigned} does not fit a signed 64-bit integer", start);
                }

                return (long)unsigned;
            case MsgpackCode.Int8: return (sbyte)ReadHeaderByte(1);
            case MsgpackCode.Int16: return (short)ReadBigEndian16(1);
            case MsgpackCode.Int32: return (int)ReadBigEndian32(1);
            case MsgpackCode.Int64: return (long)ReadBigEndian64(1);
            default:
                if (code <= MsgpackCode.MaxPositiveFixInt || code >= MsgpackCode.MinNegativeFixInt)
                {
                    _position++;
                    return (sbyte)code;
                }

                return ThrowWrongType<long>("int");
        }
    }

    private double ReadDoubleSlow()
    {
        byte code = PeekCode();
        switch (code)
        {
            case MsgpackCode.Float64:
                EnsureAvailable(9, _position);
                double d = BinaryPrimitives.ReadDoubleBigEndian(_buffer.Slice(_position + 1, 8));
                _position += 9;
                return d;
            case MsgpackCode.Float32:
                EnsureAvailable(5, _position);
                float f = BinaryPrimitives.ReadSingleBigEndian(_buffer.Slice(_position + 1, 4));
                _position += 5;
                return f;
            case MsgpackCode.UInt64:
                return ReadUInt64();
            default:
                if (TypeOf(code) == MsgpackType.Integer)
                {
                    return ReadInt64();
                }

                return ThrowWrongType<double>("float");
        }
    }

    private void SkipScalar(byte code)
    {
        int start = _position;
        switch (TypeOf(code))
        {
            case MsgpackType.Nil:
            case MsgpackType.Boolean:
                _position++;
                return;
            case MsgpackType.Integer:
                if (code == MsgpackCode.UInt64)
                {
                    _ = ReadUInt64();
                }
                else
                {
                    _ = ReadInt64();
                }

                return;
            case MsgpackType.Float:
                _ = ReadDouble();
                return;
            case MsgpackType.String:
                _ = ReadStringSpan();
                return;
            case MsgpackType.Binary:
                _ = ReadBinarySpan();
                return;
            default:
                ThrowSampleFormat(SampleFormatError.InvalidMsgpack, $"Unexpected msgpack format byte 0x{code:x2}", start);
                return;
        }
    }

    private void SkipExtension()
    {
        // Python atdata never writes extension types; skipping one inside an unknown field is harmless,
        // but its declared length is still checked before it is consumed.
        int start = _position;
        byte code = PeekCode();
        long length = code switch
        {
            MsgpackCode.FixExt1 => 1,
            MsgpackCode.FixExt2 => 2,
            MsgpackCode.FixExt4 => 4,
            MsgpackCode.FixExt8 => 8,
            MsgpackCode.FixExt16 => 16,
            _ => -1,
        };
        if (length >= 0)
        {
            _position++;
        }
        else if (code == MsgpackCode.Ext8)
        {
            length = ReadHeaderByte(1);
        }
        else if (code == MsgpackCode.Ext16)
        {
            length = ReadBigEndian16(1);
        }
        else
        {
            length = ReadBigEndian32(1);
        }

        // One type byte, then the data.
        _ = TakeBytes(length + 1, start);
    }

    private ReadOnlySpan<byte> TakeBytes(long length, int headerStart)
    {
        if (length > Remaining)
        {
            ThrowSampleFormat(SampleFormatError.Truncated, $"Value declares {length} bytes but only {Remaining} remain", headerStart);
        }

        var slice = _buffer.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    private byte ReadHeaderByte(int codeLength)
    {
        EnsureAvailable(codeLength + 1, _position);
        byte value = _buffer[_position + codeLength];
        _position += codeLength + 1;
        return value;
    }

    private ushort ReadBigEndian16(int codeLength)
    {
        EnsureAvailable(codeLength + 2, _position);
        ushort value = BinaryPrimitives.ReadUInt16BigEndian(_buffer.Slice(_position + codeLength, 2));
        _position += codeLength + 2;
        return value;
    }

    private uint ReadBigEndian32(int codeLength)
    {
        EnsureAvailable(codeLength + 4, _position);
        uint value = BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(_position + codeLength, 4));
        _position += codeLength + 4;
        return value;
    }

    private ulong ReadBigEndian64(int codeLength)
    {
        EnsureAvailable(codeLength + 8, _position);
        ulong value = BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(_position + codeLength, 8));
        _position += codeLength + 8;
        return value;
    }

    private readonly void EnsureAvailable(int count, int at)
    {
        if (_buffer.Length - at < count)
        {
            ThrowTruncated(at);
        }
    }

    private readonly byte PeekCode()
    {
        if (_position >= _buffer.Length)
        {
            ThrowTruncated(_position);
        }

        return _buffer[_position];
    }

    private readonly void ThrowTruncated(int at)
        => ThrowHelper.ThrowSampleFormat(SampleFormatError.Truncated, "Unexpected end of input", at, CurrentField);

    private readonly void ThrowOutOfRange(long value, string type, int at)
        => ThrowHelper.ThrowSampleFormat(SampleFormatError.OutOfRange, $"Value {value} does not fit '{type}'", at, CurrentField);

    private readonly void ThrowWrongType(string expected) => ThrowWrongType<bool>(expected);

    private readonly T ThrowWrongType<T>(string expected)
    {
        byte code = _buffer[_position];
        var error = code == MsgpackCode.NeverUsed ? SampleFormatError.InvalidMsgpack : SampleFormatError.WrongType;
        return ThrowHelper.ThrowSampleFormat<T>(error, $"Expected {expected} but found {Describe(code)}", _position, CurrentField);
    }

    private static string Describe(byte code) => TypeOf(code) switch
    {
        MsgpackType.Invalid => "the invalid format byte 0xc1",
        var t => $"{t.ToString().ToLowerInvariant()} (0x{code:x2})",
    };
}
