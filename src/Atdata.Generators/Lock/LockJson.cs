using System.Globalization;
using System.Text;

namespace Atdata.Generators.Lock;

/// <summary>A JSON value read from the schema lock, with the span of text it came from (for diagnostics).</summary>
internal abstract class LockJsonValue
{
    protected LockJsonValue(int start, int end)
    {
        Start = start;
        End = end;
    }

    /// <summary>The offset of the value's first character.</summary>
    public int Start { get; }

    /// <summary>The offset just after the value's last character.</summary>
    public int End { get; }

    /// <summary>What the value is, for messages: <c>an object</c>, <c>a string</c>, ….</summary>
    public abstract string Description { get; }
}

/// <summary>A JSON object; members keep their order, and a repeated key is a parse error.</summary>
internal sealed class LockJsonObject : LockJsonValue
{
    public LockJsonObject(int start, int end, List<KeyValuePair<string, LockJsonValue>> members)
        : base(start, end)
    {
        Members = members;
    }

    public List<KeyValuePair<string, LockJsonValue>> Members { get; }

    public override string Description => "an object";

    public LockJsonValue? Get(string key)
    {
        foreach (var member in Members)
        {
            if (member.Key == key)
            {
                return member.Value;
            }
        }

        return null;
    }
}

/// <summary>A JSON array.</summary>
internal sealed class LockJsonArray : LockJsonValue
{
    public LockJsonArray(int start, int end, List<LockJsonValue> items)
        : base(start, end)
    {
        Items = items;
    }

    public List<LockJsonValue> Items { get; }

    public override string Description => "an array";
}

/// <summary>A JSON string, number (kept as its text), <c>true</c>, <c>false</c> or <c>null</c>.</summary>
internal sealed class LockJsonScalar : LockJsonValue
{
    public LockJsonScalar(int start, int end, LockJsonKind kind, string? text)
        : base(start, end)
    {
        Kind = kind;
        Text = text;
    }

    public LockJsonKind Kind { get; }

    /// <summary>The decoded string, or a number's text; <see langword="null"/> for literals.</summary>
    public string? Text { get; }

    public override string Description => Kind switch
    {
        LockJsonKind.String => "a string",
        LockJsonKind.Number => "a number",
        LockJsonKind.Null => "null",
        _ => "a boolean",
    };
}

/// <summary>The kind of a <see cref="LockJsonScalar"/>.</summary>
internal enum LockJsonKind
{
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>A syntax error in the schema lock, at a character offset.</summary>
internal sealed class LockJsonException : Exception
{
    public LockJsonException(string message, int start, int end)
        : base(message)
    {
        Start = start;
        End = end;
    }

    public int Start { get; }

    public int End { get; }
}

/// <summary>
/// A small strict JSON reader (RFC 8259: no comments, no trailing commas) for the schema lock, since the generator
/// runs on netstandard2.0 without System.Text.Json. A repeated key in one object is an error.
/// </summary>
internal sealed class LockJsonReader
{
    private const int MaxDepth = 64;

    private readonly string _text;
    private int _position;

    private LockJsonReader(string text)
    {
        _text = text;
    }

    /// <summary>Reads exactly one JSON value (white space around it allowed).</summary>
    /// <exception cref="LockJsonException">The text is not one valid JSON value.</exception>
    public static LockJsonValue Parse(string text)
    {
        var reader = new LockJsonReader(text);
        reader.SkipWhiteSpace();
        if (reader._position < text.Length && text[reader._position] == '\uFEFF')
        {
            reader._position++;
            reader.SkipWhiteSpace();
        }

        var value = reader.ReadValue(0);
        reader.SkipWhiteSpace();
        if (reader._position < text.Length)
        {
            throw reader.Error("unexpected text after the JSON value");
        }

        return value;
    }

    private LockJsonValue ReadValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("values nest too deeply");
        }

        if (_position >= _text.Length)
        {
            throw Error("unexpected end of the file");
        }

        char c = _text[_position];
        switch (c)
        {
            case '{':
                return ReadObject(depth);
            case '[':
                return ReadArray(depth);
            case '"':
                int start = _position;
                string text = ReadString();
                return new LockJsonScalar(start, _position, LockJsonKind.String, text);
            case 't':
                return ReadLiteral("true", LockJsonKind.True);
            case 'f':
                return ReadLiteral("false", LockJsonKind.False);
            case 'n':
                return ReadLiteral("null", LockJsonKind.Null);
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return ReadNumber();
                }

                throw Error(c == '/' ? "comments are not allowed in JSON" : "unexpected character '" + c + "'");
        }
    }

    private LockJsonObject ReadObject(int depth)
    {
        int start = _position++;
        var members = new List<KeyValuePair<string, LockJsonValue>>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        SkipWhiteSpace();
        if (Peek() == '}')
        {
            _position++;
            return new LockJsonObject(start, _position, members);
        }

        while (true)
        {
            SkipWhiteSpace();
            if (Peek() != '"')
            {
                throw Error("expected a string key");
            }

            int keyStart = _position;
            string key = ReadString();
            if (!keys.Add(key))
            {
                throw new LockJsonException("the key '" + key + "' appears twice in one object", keyStart, _position);
            }

            SkipWhiteSpace();
            Expect(':');
            SkipWhiteSpace();
            members.Add(new KeyValuePair<string, LockJsonValue>(key, ReadValue(depth + 1)));
            SkipWhiteSpace();
            if (Peek() == ',')
            {
                _position++;
                continue;
            }

            Expect('}');
            return new LockJsonObject(start, _position, members);
        }
    }

    private LockJsonArray ReadArray(int depth)
    {
        int start = _position++;
        var items = new List<LockJsonValue>();
        SkipWhiteSpace();
        if (Peek() == ']')
        {
            _position++;
            return new LockJsonArray(start, _position, items);
        }

        while (true)
        {
            SkipWhiteSpace();
            items.Add(ReadValue(depth + 1));
            SkipWhiteSpace();
            if (Peek() == ',')
            {
                _position++;
                continue;
            }

            Expect(']');
            return new LockJsonArray(start, _position, items);
        }
    }

    private string ReadString()
    {
        int start = _position++;
        var text = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw new LockJsonException("a string is not closed", start, _position);
            }

            char c = _text[_position++];
            if (c == '"')
            {
                return text.ToString();
            }

            if (c < ' ')
            {
                throw new LockJsonException("a string holds a control character", _position - 1, _position);
            }

            if (c != '\\')
            {
                text.Append(c);
                continue;
            }

            char escape = _position < _text.Length ? _text[_position++] : '\0';
            switch (escape)
            {
                case '"': text.Append('"'); break;
                case '\\': text.Append('\\'); break;
                case '/': text.Append('/'); break;
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case 'u':
                    if (_position + 4 > _text.Length
                        || !int.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                    {
                        throw new LockJsonException("invalid \\u escape", _position - 2, Math.Min(_position + 4, _text.Length));
                    }

                    text.Append((char)code);
                    _position += 4;
                    break;
                default:
                    throw new LockJsonException("invalid escape sequence", _position - 2, _position);
            }
        }
    }

    private LockJsonScalar ReadNumber()
    {
        int start = _position;
        if (Peek() == '-')
        {
            _position++;
        }

        if (Peek() == '0')
        {
            _position++;
        }
        else if (!ReadDigits())
        {
            throw Error("invalid number");
        }

        if (Peek() == '.')
        {
            _position++;
            if (!ReadDigits())
            {
                throw Error("invalid number");
            }
        }

        if (Peek() is 'e' or 'E')
        {
            _position++;
            if (Peek() is '+' or '-')
            {
                _position++;
            }

            if (!ReadDigits())
            {
                throw Error("invalid number");
            }
        }

        return new LockJsonScalar(start, _position, LockJsonKind.Number, _text.Substring(start, _position - start));
    }

    private bool ReadDigits()
    {
        int start = _position;
        while (Peek() is >= '0' and <= '9')
        {
            _position++;
        }

        return _position > start;
    }

    private LockJsonScalar ReadLiteral(string literal, LockJsonKind kind)
    {
        int start = _position;
        if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0)
        {
            throw Error("unexpected character '" + _text[_position] + "'");
        }

        _position += literal.Length;
        return new LockJsonScalar(start, _position, kind, null);
    }

    private void Expect(char expected)
    {
        if (Peek() == '/')
        {
            throw Error("comments are not allowed in JSON");
        }

        if (Peek() != expected)
        {
            throw Error(_position >= _text.Length ? "unexpected end of the file, expected '" + expected + "'" : "expected '" + expected + "'");
        }

        _position++;
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private void SkipWhiteSpace()
    {
        while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\n' or '\r')
        {
            _position++;
        }
    }

    private LockJsonException Error(string message)
        => new(message, _position, Math.Min(_position + 1, _text.Length));
}
