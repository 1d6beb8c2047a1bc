using System.Buffers.Binary;
using System.Globalization;
using System.Text.Unicode;

namespace Atdata;

/// <summary>
/// Parses the header of a NumPy <c>.npy</c> file (format versions 1.0, 2.0 and 3.0), the array payload
/// Python atdata wrote up to v0.2.3b1.
/// </summary>
/// <remarks>
/// <para>
/// The header is a Python dict literal such as <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3,), }</c>.
/// Only that literal grammar is accepted: exactly the three keys, each once; <c>descr</c> a quoted scalar dtype
/// (structured dtypes, written as a list, are refused); <c>shape</c> a tuple of non-negative integers.
/// </para>
/// <para>
/// The parser works on the header bytes directly (version 1 and 2 headers are Latin-1, version 3 UTF-8; the
/// grammar itself is ASCII), writes the dimensions into a caller-supplied span and allocates nothing.
/// </para>
/// </remarks>
internal static class NpyHeaderParser
{
    /// <summary>
    /// The longest header accepted. numpy refuses headers over 10,000 bytes unless told otherwise; a header
    /// declaring more than this is refused before it is read.
    /// </summary>
    public const int MaxHeaderLength = 16_384;

    /// <summary>Magic (6), version (2), header length (2 in version 1).</summary>
    private const int MinPreamble = 10;

    /// <summary>Parses and validates a <c>.npy</c> payload's header, writing its dimensions into <paramref name="shape"/>.</summary>
    /// <param name="payload">The whole payload, starting with <c>\x93NUMPY</c>.</param>
    /// <param name="shape">At least <see cref="NdArrayShape.MaxRank"/> slots.</param>
    /// <param name="baseOffset">The payload's offset in the enclosing input, for error messages.</param>
    /// <param name="field">The field being read, for error messages.</param>
    public static NdArrayLayout Parse(ReadOnlySpan<byte> payload, Span<long> shape, long baseOffset, string? field)
    {
        if (payload.Length < MinPreamble)
        {
            throw NdArrayPayload.Invalid($".npy payload of {payload.Length} bytes is shorter than its preamble", baseOffset, field);
        }

        byte major = payload[6];
        byte minor = payload[7];
        int lengthBytes = (major, minor) switch
        {
            (1, 0) => 2,
            (2, 0) or (3, 0) => 4,
            _ => throw NdArrayPayload.Invalid($"Unsupported .npy format version {major}.{minor} (1.0, 2.0 and 3.0 are read)", baseOffset + 6, field),
        };

        int headerStart = 8 + lengthBytes;
        if (payload.Length < headerStart)
        {
            throw NdArrayPayload.Invalid($".npy payload of {payload.Length} bytes is shorter than its preamble", baseOffset, field);
        }

        long headerLength = lengthBytes == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(8, 2))
            : BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(8, 4));
        if (headerLength > MaxHeaderLength)
        {
            throw NdArrayPayload.Invalid($".npy header declares {headerLength} bytes, more than the {MaxHeaderLength} accepted", baseOffset + 8, field);
        }

        if (headerLength > payload.Length - headerStart)
        {
            throw NdArrayPayload.Invalid($".npy header declares {headerLength} bytes but only {payload.Length - headerStart} follow", baseOffset + 8, field);
        }

        var header = payload.Slice(headerStart, (int)headerLength);
        if (major == 3 && !Utf8.IsValid(header))
        {
            throw NdArrayPayload.Invalid(".npy header is not valid UTF-8", baseOffset + headerStart, field);
        }

        var literal = new DictLiteral(header, baseOffset + headerStart, field);
        literal.Parse(shape, out var dtype, out bool fortranOrder, out int rank);
        int dataOffset = headerStart + (int)headerLength;
        return NdArrayPayload.Validate(dtype, shape[..rank], fortranOrder, isNpy: true, dataOffset, payload, baseOffset + headerStart, field);
    }

    /// <summary>A small recursive-descent reader for the one dict literal numpy writes.</summary>
    private ref struct DictLiteral
    {
        private readonly ReadOnlySpan<byte> _text;
        private readonly long _offset;
        private readonly string? _field;
        private int _pos;

        public DictLiteral(ReadOnlySpan<byte> text, long offset, string? field)
        {
            _text = text;
            _offset = offset;
            _field = field;
            _pos = 0;
        }

        public void Parse(Span<long> shape, out NdArrayDType dtype, out bool fortranOrder, out int rank)
        {
            dtype = default;
            fortranOrder = false;
            rank = -1;
            bool haveDescr = false;
            bool haveFortran = false;
            SkipSpace();
            Expect((byte)'{');
            while (true)
            {
                SkipSpace();
                if (TryTake((byte)'}'))
                {
                    break;
                }

                var key = ReadQuoted();
                SkipSpace();
                Expect((byte)':');
                SkipSpace();
                if (key.SequenceEqual("descr"u8))
                {
                    Once(ref haveDescr, "descr");
                    dtype = ReadDescr();
                }
                else if (key.SequenceEqual("fortran_order"u8))
                {
                    Once(ref haveFortran, "fortran_order");
                    fortranOrder = ReadBool();
                }
                else if (key.SequenceEqual("shape"u8))
                {
                    bool haveShape = rank >= 0;
                    Once(ref haveShape, "shape");
                    rank = ReadShape(shape);
                }
                else
                {
                    throw Fail($"unexpected key '{Printable(key)}'");
                }

                SkipSpace();
                if (!TryTake((byte)','))
                {
                    SkipSpace();
                    Expect((byte)'}');
                    break;
                }
            }

            SkipSpace();
            if (_pos != _text.Length)
            {
                throw Fail("unexpected text after the header dict");
            }

            if (!haveDescr || !haveFortran || rank < 0)
            {
                throw Fail("the header lacks 'descr', 'fortran_order' or 'shape'");
            }
        }

        private readonly void Once(ref bool seen, string key)
        {
            if (seen)
            {
                throw Fail($"key '{key}' appears twice");
            }

            seen = true;
        }

        private NdArrayDType ReadDescr()
        {
            if (Peek() is (byte)'[' or (byte)'(' or (byte)'{')
            {
                throw Fail("structured (record) dtypes are not supported");
            }

            int start = _pos;
            var text = ReadQuoted();
            if (!NdArrayDType.TryParse(text, out var dtype))
            {
                _pos = start;
                throw Fail($"unsupported dtype '{Printable(text)}'");
            }

            return dtype;
        }

        private int ReadShape(Span<long> shape)
        {
            Expect((byte)'(');
            int count = 0;
            bool trailingComma = false;
            while (true)
            {
                SkipSpace();
                if (TryTake((byte)')'))
                {
                    break;
                }

                if (count >= NdArrayShape.MaxRank)
                {
                    throw Fail($"the shape has more than {NdArrayShape.MaxRank} dimensions");
                }

                shape[count++] = ReadInteger();
                SkipSpace();
                trailingComma = TryTake((byte)',');
                if (!trailingComma)
                {
                    SkipSpace();
                    Expect((byte)')');
                    break;
                }
            }

            // In Python "(3)" is the integer 3, not a tuple: a one-element shape needs its trailing comma.
            if (count == 1 && !trailingComma)
            {
                throw Fail("'shape' is not a tuple");
            }

            return count;
        }

        private long ReadInteger()
        {
            int start = _pos;
            if (Peek() == (byte)'-')
            {
                _pos++;
            }

            while (_pos < _text.Length && char.IsAsciiDigit((char)_text[_pos]))
            {
                _pos++;
            }

            if (!long.TryParse(_text[start.._pos], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            {
                _pos = start;
                throw Fail("a shape dimension is not an integer that fits 64 bits");
            }

            // Python 2 wrote long integers with an 'L' suffix.
            _ = TryTake((byte)'L');
            return value;
        }

        private bool ReadBool()
        {
            if (_text[_pos..].StartsWith("True"u8))
            {
                _pos += 4;
                return true;
            }

            if (_text[_pos..].StartsWith("False"u8))
            {
                _pos += 5;
                return false;
            }

            throw Fail("'fortran_order' is not True or False");
        }

        private ReadOnlySpan<byte> ReadQuoted()
        {
            byte quote = Peek();
            if (quote is not ((byte)'\'' or (byte)'"'))
            {
                throw Fail("expected a quoted string");
            }

            var rest = _text[(_pos + 1)..];
            int end = rest.IndexOfAny(quote, (byte)'\\');
            if (end < 0 || rest[end] == (byte)'\\')
            {
                throw Fail(end < 0 ? "unterminated string" : "escape sequences are not supported");
            }

            _pos += end + 2;
            return rest[..end];
        }

        private void SkipSpace()
        {
            while (_pos < _text.Length && _text[_pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
            {
                _pos++;
            }
        }

        private readonly byte Peek() => _pos < _text.Length ? _text[_pos] : (byte)0;

        private bool TryTake(byte c)
        {
            if (Peek() == c)
            {
                _pos++;
                return true;
            }

            return false;
        }

        private void Expect(byte c)
        {
            if (!TryTake(c))
            {
                throw Fail($"expected '{(char)c}'");
            }
        }

        private readonly SampleFormatException Fail(string what)
            => NdArrayPayload.Invalid($"Malformed .npy header: {what}", _offset + _pos, _field);

        private static string Printable(ReadOnlySpan<byte> bytes) => NdArrayPayload.Printable(bytes);
    }
}
