using System.Collections;

namespace Atdata.Shared;

/// <summary>
/// A DAG-CBOR encoder for the value kinds Python atdata hashes, producing exactly what python-libipld's
/// <c>encode_dag_cbor</c> writes: minimal headers, map keys sorted by UTF-8 length and then bytewise, text as
/// major type 3, integers as major types 0/1, floats always as 64-bit <c>fb</c> (NaN and ±Infinity refused,
/// −0.0 written as 0.0), <c>true</c>/<c>false</c>/<c>null</c> as <c>f5</c>/<c>f4</c>/<c>f6</c>, and byte
/// strings as major type 2 (tag 42 when they look like a binary CID, as libipld does).
/// </summary>
/// <remarks>
/// <para>
/// Accepted values: <see langword="null"/>, <see cref="string"/>, <see cref="bool"/>, every integer type,
/// <see cref="double"/> and <see cref="float"/>, <see cref="byte"/>[], maps
/// (<see cref="IEnumerable{T}"/> of <see cref="KeyValuePair{TKey, TValue}"/> with string keys and object
/// values, or a non-generic <see cref="IDictionary"/> with string keys) and lists (any other
/// <see cref="IEnumerable"/>). The runtime adds more kinds through <c>WriteOther</c>.
/// </para>
/// <para>Shared by file link with the netstandard2.0 generator: no spans, no System.Memory.</para>
/// </remarks>
internal sealed partial class DagCborEncoder
{
    /// <summary>How deeply lists and maps may nest (a guard against cycles).</summary>
    public const int MaxDepth = 512;

    private readonly List<byte> _output = new(256);
    private int _depth;

    private DagCborEncoder()
    {
    }

    /// <summary>Encodes one value as a DAG-CBOR block.</summary>
    /// <exception cref="ArgumentException">The value (or something inside it) cannot be encoded.</exception>
    public static byte[] Encode(object? value)
    {
        var encoder = new DagCborEncoder();
        encoder.WriteValue(value);
        return encoder._output.ToArray();
    }

    /// <summary>Writes one value.</summary>
    public void WriteValue(object? value)
    {
        switch (value)
        {
            case null:
                _output.Add(0xf6);
                return;
            case string text:
                WriteText(text);
                return;
            case bool flag:
                _output.Add(flag ? (byte)0xf5 : (byte)0xf4);
                return;
            case long l:
                WriteInteger(l);
                return;
            case int i:
                WriteInteger(i);
                return;
            case short s:
                WriteInteger(s);
                return;
            case sbyte sb:
                WriteInteger(sb);
                return;
            case ulong ul:
                WriteHeader(0, ul);
                return;
            case uint ui:
                WriteHeader(0, ui);
                return;
            case ushort us:
                WriteHeader(0, us);
                return;
            case byte b:
                WriteHeader(0, b);
                return;
            case double d:
                WriteFloat(d);
                return;
            case float f:
                WriteFloat(f);
                return;
            case byte[] bytes:
                WriteBytes(bytes);
                return;
        }

        bool handled = false;
        WriteOther(value, ref handled);
        if (handled)
        {
            return;
        }

        switch (value)
        {
            case IEnumerable<KeyValuePair<string, object?>> map:
                WriteMap(map);
                return;
            case IDictionary dictionary:
                WriteMap(ToPairs(dictionary));
                return;
            case IEnumerable list:
                WriteList(list);
                return;
            default:
                throw new ArgumentException($"A value of type '{value.GetType().Name}' cannot be encoded as DAG-CBOR.", nameof(value));
        }
    }

    /// <summary>Writes a text string (major type 3).</summary>
    public void WriteText(string text)
    {
        byte[] utf8 = StrictUtf8.GetBytes(text);
        WriteHeader(3, (ulong)utf8.Length);
        _output.AddRange(utf8);
    }

    /// <summary>Writes a signed integer (major type 0 or 1).</summary>
    public void WriteInteger(long value)
    {
        if (value >= 0)
        {
            WriteHeader(0, (ulong)value);
        }
        else
        {
            WriteHeader(1, (ulong)~value);
        }
    }

    /// <summary>Writes a float64 (<c>fb</c>); −0.0 becomes 0.0.</summary>
    /// <exception cref="ArgumentException">The value is NaN or infinite.</exception>
    public void WriteFloat(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentException("DAG-CBOR cannot encode NaN or Infinity.", nameof(value));
        }

        ulong bits = value == 0.0 ? 0UL : (ulong)BitConverter.DoubleToInt64Bits(value);
        _output.Add(0xfb);
        for (int shift = 56; shift >= 0; shift -= 8)
        {
            _output.Add((byte)(bits >> shift));
        }
    }

    /// <summary>Writes a byte string, or a tag-42 link when the bytes look like a binary CID (libipld's rule).</summary>
    public void WriteBytes(byte[] bytes)
    {
        if (CidCodec.LooksLikeBinaryCid(bytes))
        {
            WriteLink(bytes);
            return;
        }

        WriteHeader(2, (ulong)bytes.Length);
        _output.AddRange(bytes);
    }

    /// <summary>Writes a CID link: tag 42 over a byte string of <c>00</c> ‖ binary CID.</summary>
    public void WriteLink(byte[] binaryCid)
    {
        WriteHeader(6, 42);
        WriteHeader(2, (ulong)binaryCid.Length + 1);
        _output.Add(0x00);
        _output.AddRange(binaryCid);
    }

    /// <summary>Writes a major-type header with the shortest argument encoding.</summary>
    public void WriteHeader(int majorType, ulong argument)
    {
        byte major = (byte)(majorType << 5);
        if (argument < 24)
        {
            _output.Add((byte)(major | (byte)argument));
        }
        else if (argument <= byte.MaxValue)
        {
            _output.Add((byte)(major | 24));
            _output.Add((byte)argument);
        }
        else if (argument <= ushort.MaxValue)
        {
            _output.Add((byte)(major | 25));
            WriteBigEndian(argument, 2);
        }
        else if (argument <= uint.MaxValue)
        {
            _output.Add((byte)(major | 26));
            WriteBigEndian(argument, 4);
        }
        else
        {
            _output.Add((byte)(major | 27));
            WriteBigEndian(argument, 8);
        }
    }

    /// <summary>Lets the runtime encode its own types (arrays, CIDs, schema records); the generator has none.</summary>
    partial void WriteOther(object value, ref bool handled);

    private static IEnumerable<KeyValuePair<string, object?>> ToPairs(IDictionary dictionary)
    {
        foreach (DictionaryEntry entry in dictionary)
        {
            if (entry.Key is not string key)
            {
                throw new ArgumentException("DAG-CBOR map keys must be strings.", nameof(dictionary));
            }

            yield return new KeyValuePair<string, object?>(key, entry.Value);
        }
    }

    private static int CompareKeys(KeyValuePair<byte[], object?> x, KeyValuePair<byte[], object?> y)
    {
        byte[] a = x.Key;
        byte[] b = y.Key;
        if (a.Length != b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return a[i].CompareTo(b[i]);
            }
        }

        return 0;
    }

    private void WriteMap(IEnumerable<KeyValuePair<string, object?>> map)
    {
        Enter();
        var entries = new List<KeyValuePair<byte[], object?>>();
        foreach (var pair in map)
        {
            if (pair.Key is null)
            {
                throw new ArgumentException("DAG-CBOR map keys must be strings, not null.", nameof(map));
            }

            entries.Add(new KeyValuePair<byte[], object?>(StrictUtf8.GetBytes(pair.Key), pair.Value));
        }

        entries.Sort(CompareKeys);
        WriteHeader(5, (ulong)entries.Count);
        for (int i = 0; i < entries.Count; i++)
        {
            byte[] key = entries[i].Key;
            if (i > 0 && CompareKeys(entries[i - 1], entries[i]) == 0)
            {
                throw new ArgumentException("A DAG-CBOR map holds the same key twice.", nameof(map));
            }

            WriteHeader(3, (ulong)key.Length);
            _output.AddRange(key);
            WriteValue(entries[i].Value);
        }

        _depth--;
    }

    private void WriteList(IEnumerable list)
    {
        Enter();
        var items = new List<object?>();
        foreach (object? item in list)
        {
            items.Add(item);
        }

        WriteHeader(4, (ulong)items.Count);
        foreach (object? item in items)
        {
            WriteValue(item);
        }

        _depth--;
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw new ArgumentException($"The value nests lists and maps more than {MaxDepth} levels deep (or refers to itself).");
        }
    }

    private void WriteBigEndian(ulong value, int byteCount)
    {
        for (int shift = (byteCount - 1) * 8; shift >= 0; shift -= 8)
        {
            _output.Add((byte)(value >> shift));
        }
    }
}
