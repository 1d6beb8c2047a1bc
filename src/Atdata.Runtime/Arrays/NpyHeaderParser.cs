using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Atdata;

/// <summary>
/// Parses the header of a NumPy <c>.npy</c> file (format versions 1.0, 2.0 and 3.0), the array payload
/// Python atdata wrote up to v0.2.3b1.
/// </summary>
/// <remarks>
/// The header is a Python dict literal such as <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3,), }</c>.
/// Only that literal grammar is accepted; structured (<c>descr</c> as a list) and object dtypes are refused.
/// </remarks>
internal static class NpyHeaderParser
{
    /// <summary>numpy itself refuses headers over 10,000 bytes by default; allow some slack, never more.</summary>
    public const int MaxHeaderLength = 65_536;

    public static NdArrayHeader Parse(ReadOnlySpan<byte> payload, long baseOffset, string? field)
    {
        if (payload.Length < 10)
        {
            throw NdArrayPayload.Invalid(".npy payload is shorter than its preamble", baseOffset, field);
        }

        byte major = payload[6];
        int lengthBytes;
        long headerLength;
        switch (major)
        {
            case 1:
                lengthBytes = 2;
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(8, 2));
                break;
            case 2:
            case 3:
                if (payload.Length < 12)
                {
                    throw NdArrayPayload.Invalid(".npy payload is shorter than its preamble", baseOffset, field);
                }

                lengthBytes = 4;
                headerLength = BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(8, 4));
                break;
            default:
                throw NdArrayPayload.Invalid($"Unsupported .npy format version {major}.{payload[7]}", baseOffset + 6, field);
        }

        int headerStart = 8 + lengthBytes;
        if (headerLength > MaxHeaderLength || headerLength > payload.Length - headerStart)
        {
            throw NdArrayPayload.Invalid($".npy header declares {headerLength} bytes but {payload.Length - headerStart} remain (cap {MaxHeaderLength})", baseOffset + 8, field);
        }

        var headerBytes = payload.Slice(headerStart, (int)headerLength);
        string text = major == 3 ? DecodeUtf8(headerBytes, baseOffset + headerStart, field) : Encoding.Latin1.GetString(headerBytes);
        var dict = new DictLiteral(text, baseOffset + headerStart, field);
        dict.Parse(out string? descr, out bool? fortran, out long[]? shape);
        if (descr is null || fortran is null || shape is null)
        {
            throw NdArrayPayload.Invalid(".npy header lacks 'descr', 'fortran_order' or 'shape'", baseOffset + headerStart, field);
        }

        if (!NdArrayDType.TryParse(descr, out var dtype))
        {
            throw NdArrayPayload.Invalid($"Unsupported array dtype '{descr}'", baseOffset + headerStart, field);
        }

        if (shape.Length > NdArrayShape.MaxRank)
        {
            throw NdArrayPayload.Invalid($"Array declares {shape.Length} dimensions; at most {NdArrayShape.MaxRank} are accepted", baseOffset + headerStart, field);
        }

        return NdArrayPayload.Validate(dtype, shape, fortran.Value, headerStart + (int)headerLength, payload.Length, baseOffset, field);
    }

    private static string DecodeUtf8(ReadOnlySpan<byte> bytes, long offset, string? field)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw NdArrayPayload.Invalid(".npy header is not valid UTF-8", offset, field);
        }
    }

    /// <summary>A tiny recursive-descent reader for the one dict literal numpy writes.</summary>
    private ref struct DictLiteral
    {
        private readonly string _text;
        private readonly long _offset;
        private readonly string? _field;
        private int _pos;

        public DictLiteral(string text, long offset, string? field)
        {
            _text = text;
            _offset = offset;
            _field = field;
            _pos = 0;
        }

        public void Parse(out string? descr, out bool? fortran, out long[]? shape)
        {
            descr = null;
            fortran = null;
            shape = null;
            SkipSpace();
            Expect('{');
            while (true)
            {
                SkipSpace();
                if (TryTake('}'))
                {
                    break;
                }

                string key = ReadQuoted();
                SkipSpace();
                Expect(':');
                SkipSpace();
                switch (key)
                {
                    case "descr":
                        if (Peek() is not ('\'' or '"'))
                        {
                            throw Fail("structured (record) dtypes are not supported");
                        }

                        descr = ReadQuoted();
                        break;
                    case "fortran_order":
                        fortran = ReadBool();
                        break;
                    case "shape":
                        shape = ReadShape();
                        break;
                    default:
                        throw Fail($"unexpected key '{key}'");
                }

                SkipSpace();
                if (!TryTake(','))
                {
                    SkipSpace();
                    Expect('}');
                    break;
                }
            }

            SkipSpace();
            if (_pos != _text.Length)
            {
                throw Fail("unexpected text after the header dict");
            }
        }

        private long[] ReadShape()
        {
            Expect('(');
            var dims = new List<long>();
            while (true)
            {
                SkipSpace();
                if (TryTake(')'))
                {
                    return [.. dims];
                }

                if (dims.Count >= NdArrayShape.MaxRank)
                {
                    throw Fail($"more than {NdArrayShape.MaxRank} dimensions");
                }

                dims.Add(ReadInteger());
                SkipSpace();
                if (!TryTake(','))
                {
                    SkipSpace();
                    Expect(')');
                    return [.. dims];
                }
            }
        }

        private long ReadInteger()
        {
            int start = _pos;
            if (Peek() == '-')
            {
                _pos++;
            }

            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }

            if (!long.TryParse(_text.AsSpan(start, _pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            {
                throw Fail("a shape dimension is not an integer that fits 64 bits");
            }

            // Python 2 wrote long integers with an 'L' suffix.
            _ = TryTake('L');
            return value;
        }

        private bool ReadBool()
        {
            if (_text.AsSpan(_pos).StartsWith("True", StringComparison.Ordinal))
            {
                _pos += 4;
                return true;
            }

            if (_text.AsSpan(_pos).StartsWith("False", StringComparison.Ordinal))
            {
                _pos += 5;
                return false;
            }

            throw Fail("'fortran_order' is not True or False");
        }

        private string ReadQuoted()
        {
            char quote = Peek();
            if (quote is not ('\'' or '"'))
            {
                throw Fail("expected a quoted string");
            }

            int end = _text.IndexOf(quote, _pos + 1);
            if (end < 0)
            {
                throw Fail("unterminated string");
            }

            string value = _text.Substring(_pos + 1, end - _pos - 1);
            _pos = end + 1;
            return value;
        }

        private void SkipSpace()
        {
            while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
            {
                _pos++;
            }
        }

        private readonly char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

        private bool TryTake(char c)
        {
            if (Peek() == c)
            {
                _pos++;
                return true;
            }

            return false;
        }

        private void Expect(char c)
        {
            if (!TryTake(c))
            {
                throw Fail($"expected '{c}'");
            }
        }

        private readonly SampleFormatException Fail(string what)
            => NdArrayPayload.Invalid($"Malformed .npy header: {what}", _offset + _pos, _field);
    }
}
