using System.Collections.ObjectModel;
using System.Globalization;
using Atdata.Msgpack;

namespace Atdata;

/// <summary>Reads, writes and validates the values a <see cref="DynamicSample"/> holds.</summary>
internal static class DynamicValue
{
    /// <summary>The deepest nesting accepted when building samples by hand (reading uses the reader's limit).</summary>
    private const int MaxBuildDepth = 500;

    public static DynamicSample ReadMap(ref MsgpackReader reader)
    {
        reader.EnterNested();
        int count = reader.ReadMapHeader();
        if (count == 0)
        {
            reader.ExitNested();
            return DynamicSample.Empty;
        }

        var keys = new string[count];
        var values = new object?[count];
        HashSet<string>? seen = count > 8 ? new HashSet<string>(count, StringComparer.Ordinal) : null;
        string? outerField = reader.CurrentField;
        for (int i = 0; i < count; i++)
        {
            int keyOffset = reader.Position;
            if (reader.PeekType() != MsgpackType.String)
            {
                reader.ThrowSampleFormat(SampleFormatError.InvalidString, "Map keys must be strings", keyOffset);
            }

            string key = reader.ReadString();
            bool duplicate = seen is not null ? !seen.Add(key) : Array.IndexOf(keys, key, 0, i) >= 0;
            if (duplicate)
            {
                MsgpackReader.ThrowDuplicateField(key, keyOffset);
            }

            keys[i] = key;
            reader.CurrentField = key;
            values[i] = ReadValue(ref reader);
        }

        reader.CurrentField = outerField;
        reader.ExitNested();
        return DynamicSample.FromOrdered(keys, values);
    }

    public static object? ReadValue(ref MsgpackReader reader)
    {
        int start = reader.Position;
        switch (reader.PeekType())
        {
            case MsgpackType.Nil:
                reader.ReadNil();
                return null;
            case MsgpackType.Boolean:
                return reader.ReadBoolean() ? s_true : s_false;
            case MsgpackType.Integer:
                return ReadInteger(ref reader);
            case MsgpackType.Float:
                return reader.ReadDouble();
            case MsgpackType.String:
                return reader.ReadString();
            case MsgpackType.Binary:
                return reader.ReadBinary();
            case MsgpackType.Array:
                return ReadArray(ref reader);
            case MsgpackType.Map:
                return ReadMap(ref reader);
            case MsgpackType.Extension:
                reader.ThrowSampleFormat(SampleFormatError.WrongType, "msgpack extension types are not part of the atdata format", start);
                return null;
            default:
                reader.ThrowSampleFormat(SampleFormatError.InvalidMsgpack, "Invalid msgpack format byte 0xc1", start);
                return null;
        }
    }

    private static readonly object s_true = true;
    private static readonly object s_false = false;

    private static object ReadInteger(ref MsgpackReader reader)
    {
        // Values above long.MaxValue only come as uint64; keep those unsigned and everything else as long.
        if (reader.PeekFormatByte() == MsgpackCode.UInt64)
        {
            ulong value = reader.ReadUInt64();
            return value > long.MaxValue ? value : (long)value;
        }

        return reader.ReadInt64();
    }

    private static ReadOnlyCollection<object?> ReadArray(ref MsgpackReader reader)
    {
        reader.EnterNested();
        int count = reader.ReadArrayHeader();
        var items = count == 0 ? [] : new object?[count];
        for (int i = 0; i < count; i++)
        {
            items[i] = ReadValue(ref reader);
        }

        reader.ExitNested();
        return new ReadOnlyCollection<object?>(items);
    }

    public static void Write(ref MsgpackWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNil();
                break;
            case string s:
                writer.WriteString(s);
                break;
            case bool b:
                writer.WriteBoolean(b);
                break;
            case long l:
                writer.WriteInt64(l);
                break;
            case ulong ul:
                writer.WriteUInt64(ul);
                break;
            case double d:
                writer.WriteDouble(d);
                break;
            case byte[] bytes:
                writer.WriteBinary(bytes);
                break;
            case NdArray array:
                NdArrayMsgpack.WriteNdArray(ref writer, array);
                break;
            case DynamicSample map:
                map.Write(ref writer);
                break;
            case IReadOnlyList<object?> list:
                writer.WriteArrayHeader(list.Count);
                for (int i = 0; i < list.Count; i++)
                {
                    Write(ref writer, list[i]);
                }

                break;
            default:
                throw new InvalidOperationException($"A DynamicSample holds an unsupported value of type '{value.GetType().Name}'.");
        }
    }

    /// <summary>Converts a caller-supplied value to the canonical kinds <see cref="Write"/> handles, or throws.</summary>
    public static object? Normalize(object? value, string key, int depth)
    {
        if (depth > MaxBuildDepth)
        {
            throw new ArgumentException($"Field '{key}' nests more than {MaxBuildDepth} levels.", nameof(value));
        }

        return value switch
        {
            null or string or bool or long or double or byte[] or NdArray or DynamicSample => value,
            ulong ul => ul <= long.MaxValue ? (long)ul : ul,
            int or short or sbyte or byte or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
            float f => (double)f,
            Half h => (double)h,
            ReadOnlyMemory<byte> memory => memory.ToArray(),
            IEnumerable<KeyValuePair<string, object?>> map => new DynamicSample(map),
            IEnumerable<object?> list => new ReadOnlyCollection<object?>(list.Select(item => Normalize(item, key, depth + 1)).ToArray()),
            _ => throw new ArgumentException($"Field '{key}' has a value of type '{value.GetType().Name}', which a sample cannot hold.", nameof(value)),
        };
    }

    public static string Describe(object? value) => value switch
    {
        null => "None",
        string s => "'" + s + "'",
        byte[] b => $"bytes[{b.Length}]",
        bool b => b ? "True" : "False",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        DynamicSample m => m.ToString(),
        IReadOnlyList<object?> list => "[" + string.Join(", ", list.Select(Describe)) + "]",
        _ => value.ToString() ?? value.GetType().Name,
    };
}
