using System.Buffers;
using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Atdata.Msgpack;

namespace Atdata;

/// <summary>
/// A schema-free sample (Python's <c>DictSample</c>): an ordered, read-only map of field name to value, read
/// from any msgpack sample map and written back with the same bytes Python writes.
/// </summary>
/// <remarks>
/// <para>
/// Values are <see cref="string"/>, <see cref="long"/> (or <see cref="ulong"/> above <see cref="long.MaxValue"/>),
/// <see cref="double"/>, <see cref="bool"/>, <see cref="byte"/>[] (array fields stay raw bytes, as in Python;
/// read them with <see cref="GetArray(string)"/>), <see cref="IReadOnlyList{T}"/> of values, a nested
/// <see cref="DynamicSample"/> for maps, and <see langword="null"/>. When building a sample, an
/// <see cref="NdArray"/> value is also accepted and written as its compact payload.
/// </para>
/// <para>Key order is preserved, so re-packing a map msgpack-python wrote reproduces its bytes.</para>
/// </remarks>
public sealed partial class DynamicSample : IReadOnlyDictionary<string, object?>
{
    private static readonly DynamicSample s_empty = new([], []);

    private readonly string[] _keys;
    private readonly object?[] _values;
    private Dictionary<string, int>? _index;

    private DynamicSample(string[] keys, object?[] values)
    {
        _keys = keys;
        _values = values;
    }

    /// <summary>Creates a sample from name/value pairs, in order.</summary>
    /// <exception cref="ArgumentException">A key repeats, or a value is not one of the supported kinds.</exception>
    public DynamicSample(IEnumerable<KeyValuePair<string, object?>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var keys = new List<string>();
        var values = new List<object?>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(fields));
            if (!seen.Add(key))
            {
                throw new ArgumentException($"The key '{key}' appears more than once.", nameof(fields));
            }

            keys.Add(key);
            values.Add(DynamicValue.Normalize(value, key, depth: 0));
        }

        _keys = [.. keys];
        _values = [.. values];
    }

    /// <summary>A sample with no fields.</summary>
    public static DynamicSample Empty => s_empty;

    /// <inheritdoc/>
    public int Count => _keys.Length;

    /// <inheritdoc/>
    public IEnumerable<string> Keys => _keys;

    /// <inheritdoc/>
    public IEnumerable<object?> Values => _values;

    /// <summary>The value of a field.</summary>
    /// <exception cref="KeyNotFoundException">The sample has no such field.</exception>
    public object? this[string key]
        => TryGetValue(key, out object? value) ? value : throw new KeyNotFoundException($"The sample has no field '{key}'.");

    /// <summary>Reads a sample from exactly the bytes of one msgpack map.</summary>
    /// <exception cref="SampleFormatException">The bytes are not one valid msgpack map with string keys.</exception>
    public static DynamicSample Unpack(ReadOnlySpan<byte> data, MsgpackReaderOptions? options = null)
    {
        var reader = new MsgpackReader(data, options);
        var sample = Read(ref reader);
        reader.EnsureEnd();
        return sample;
    }

    /// <summary>Reads a sample from a possibly segmented buffer.</summary>
    /// <exception cref="SampleFormatException">The bytes are not one valid msgpack map with string keys.</exception>
    public static DynamicSample Unpack(ReadOnlySequence<byte> data, MsgpackReaderOptions? options = null)
        => data.IsSingleSegment ? Unpack(data.FirstSpan, options) : Unpack(data.ToArray(), options);

    /// <summary>Reads one msgpack map from <paramref name="reader"/>.</summary>
    public static DynamicSample Read(ref MsgpackReader reader)
    {
        if (reader.PeekType() != MsgpackType.Map)
        {
            reader.ThrowSampleFormat(SampleFormatError.WrongType, $"A sample must be a msgpack map, not {reader.PeekType().ToString().ToLowerInvariant()}", reader.Position);
        }

        return DynamicValue.ReadMap(ref reader);
    }

    internal static DynamicSample FromOrdered(string[] keys, object?[] values) => new(keys, values);

    /// <summary>Returns the value of a field, or <see langword="false"/> when the sample has none.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        int i = IndexOf(key);
        if (i < 0)
        {
            value = null;
            return false;
        }

        value = _values[i];
        return true;
    }

    /// <summary>Returns a field's value as <typeparamref name="TValue"/>, or <see langword="false"/> when it is absent or of another kind.</summary>
    public bool TryGet<TValue>(string key, [MaybeNullWhen(false)] out TValue value)
    {
        if (TryGetValue(key, out object? raw) && raw is TValue typed)
        {
            value = typed;
            return true;
        }

        value = default;
        return false;
    }

    /// <inheritdoc/>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>Parses an array field's payload (compact or <c>.npy</c>).</summary>
    /// <exception cref="KeyNotFoundException">The field is absent.</exception>
    /// <exception cref="InvalidCastException">The field does not hold bytes or an array.</exception>
    /// <exception cref="SampleFormatException">The payload is malformed.</exception>
    public NdArray GetArray(string key) => this[key] switch
    {
        byte[] payload => NdArray.Parse(payload, 0, key),
        NdArray array => array,
        var other => throw new InvalidCastException($"Field '{key}' holds {DynamicValue.Describe(other)}, not an array payload."),
    };

    /// <summary>Parses an array field's payload as a typed array.</summary>
    /// <exception cref="KeyNotFoundException">The field is absent.</exception>
    /// <exception cref="SampleFormatException">The payload is malformed or its dtype is not <typeparamref name="T"/>'s.</exception>
    /// <exception cref="InvalidCastException">The field holds neither bytes nor an array, or an <see cref="NdArray"/> of another dtype.</exception>
    public NdArray<T> GetArray<T>(string key)
        where T : unmanaged
        => this[key] switch
        {
            byte[] payload => NdArrayPayload.Decode<T>(payload, NdArrayAllocation.Owned, 0, key),
            NdArray array => array.As<T>(),
            var other => throw new InvalidCastException($"Field '{key}' holds {DynamicValue.Describe(other)}, not an array payload."),
        };

    /// <summary>Copies the fields into a new mutable dictionary (insertion order is kept on enumeration).</summary>
    public Dictionary<string, object?> ToDictionary()
    {
        var result = new Dictionary<string, object?>(_keys.Length, StringComparer.Ordinal);
        for (int i = 0; i < _keys.Length; i++)
        {
            result.Add(_keys[i], _values[i]);
        }

        return result;
    }

    /// <summary>Converts to a typed sample through its generated <c>FromDynamic</c> (the automatic <c>DynamicSample → T</c> lens).</summary>
    /// <exception cref="SampleFormatException">A required field is missing or a value has the wrong type.</exception>
    public T As<T>()
        where T : IPackable<T>
        => T.FromDynamic(this);

    /// <summary>Returns the msgpack bytes (msgpack-python defaults, keys in order).</summary>
    public byte[] Pack()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Pack(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the msgpack bytes into <paramref name="output"/>.</summary>
    public void Pack(IBufferWriter<byte> output)
    {
        var writer = new MsgpackWriter(output);
        Write(ref writer);
        writer.Flush();
    }

    /// <summary>Writes this sample as one msgpack map.</summary>
    public void Write(ref MsgpackWriter writer)
    {
        writer.WriteMapHeader(_keys.Length);
        for (int i = 0; i < _keys.Length; i++)
        {
            writer.WriteString(_keys[i]);
            DynamicValue.Write(ref writer, _values[i]);
        }
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (int i = 0; i < _keys.Length; i++)
        {
            yield return new KeyValuePair<string, object?>(_keys[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString()
        => "{" + string.Join(", ", _keys.Select((k, i) => $"{k}: {DynamicValue.Describe(_values[i])}")) + "}";

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_keys.Length <= 8)
        {
            for (int i = 0; i < _keys.Length; i++)
            {
                if (string.Equals(_keys[i], key, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        // string's default hashing is randomized per process, so a hostile key set cannot force collisions.
        var index = _index;
        if (index is null)
        {
            index = new Dictionary<string, int>(_keys.Length, StringComparer.Ordinal);
            for (int i = 0; i < _keys.Length; i++)
            {
                index[_keys[i]] = i;
            }

            _index = index;
        }

        return index.TryGetValue(key, out int found) ? found : -1;
    }
}
