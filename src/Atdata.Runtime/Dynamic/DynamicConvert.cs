using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;

namespace Atdata;

/// <summary>
/// Converts <see cref="DynamicSample"/> values to field types for the generated <c>FromDynamic</c> methods,
/// raising <see cref="SampleFormatException"/> (with the field name and offset -1) on a missing field or a
/// value of the wrong kind. Not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DynamicConvert
{
    /// <summary>Returns the value of a field that must be present.</summary>
    /// <exception cref="SampleFormatException">The sample has no such field (<see cref="SampleFormatError.MissingField"/>).</exception>
    public static object? GetRequired(DynamicSample sample, string field)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (!sample.TryGetValue(field, out object? value))
        {
            ThrowHelper.ThrowSampleFormat(SampleFormatError.MissingField, "Required field is missing", -1, field);
        }

        return value;
    }

    /// <summary>Returns the value of an optional field, or <see langword="null"/> when it is absent.</summary>
    public static object? GetOptional(DynamicSample sample, string field)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return sample.TryGetValue(field, out object? value) ? value : null;
    }

    /// <summary>Returns a string value.</summary>
    public static string AsString(object? value, string field)
        => value as string ?? WrongType<string>(value, "str", field);

    /// <summary>Returns a boolean value.</summary>
    public static bool AsBoolean(object? value, string field)
        => value is bool b ? b : WrongType<bool>(value, "bool", field);

    /// <summary>Returns an integer value that fits <see cref="long"/>.</summary>
    public static long AsInt64(object? value, string field) => value switch
    {
        long l => l,
        ulong u when u <= long.MaxValue => (long)u,
        ulong u => OutOfRange<long>(u.ToString(System.Globalization.CultureInfo.InvariantCulture), "long", field),
        _ => WrongType<long>(value, "int", field),
    };

    /// <summary>Returns a non-negative integer value.</summary>
    public static ulong AsUInt64(object? value, string field) => value switch
    {
        ulong u => u,
        long l when l >= 0 => (ulong)l,
        long l => OutOfRange<ulong>(l.ToString(System.Globalization.CultureInfo.InvariantCulture), "ulong", field),
        _ => WrongType<ulong>(value, "int", field),
    };

    /// <summary>Returns an integer value that fits <see cref="int"/>.</summary>
    public static int AsInt32(object? value, string field) => (int)Signed(value, int.MinValue, int.MaxValue, "int", field);

    /// <summary>Returns an integer value that fits <see cref="short"/>.</summary>
    public static short AsInt16(object? value, string field) => (short)Signed(value, short.MinValue, short.MaxValue, "short", field);

    /// <summary>Returns an integer value that fits <see cref="sbyte"/>.</summary>
    public static sbyte AsSByte(object? value, string field) => (sbyte)Signed(value, sbyte.MinValue, sbyte.MaxValue, "sbyte", field);

    /// <summary>Returns an integer value that fits <see cref="uint"/>.</summary>
    public static uint AsUInt32(object? value, string field) => (uint)Unsigned(value, uint.MaxValue, "uint", field);

    /// <summary>Returns an integer value that fits <see cref="ushort"/>.</summary>
    public static ushort AsUInt16(object? value, string field) => (ushort)Unsigned(value, ushort.MaxValue, "ushort", field);

    /// <summary>Returns an integer value that fits <see cref="byte"/>.</summary>
    public static byte AsByte(object? value, string field) => (byte)Unsigned(value, byte.MaxValue, "byte", field);

    /// <summary>Returns a floating-point value (an integer is accepted, as Python readers do).</summary>
    public static double AsDouble(object? value, string field) => value switch
    {
        double d => d,
        long l => l,
        ulong u => u,
        _ => WrongType<double>(value, "float", field),
    };

    /// <summary>Returns a <c>bin</c> value.</summary>
    public static byte[] AsBytes(object? value, string field)
        => value as byte[] ?? WrongType<byte[]>(value, "bin", field);

    /// <summary>Returns an array field as a typed array: a payload (compact or <c>.npy</c>) or an <see cref="NdArray"/> of the same dtype.</summary>
    /// <exception cref="SampleFormatException">The value is not an array, or its dtype is not <typeparamref name="T"/>'s.</exception>
    public static NdArray<T> AsNdArray<T>(object? value, string field)
        where T : unmanaged
    {
        switch (value)
        {
            case byte[] payload:
                return NdArrayPayload.Decode<T>(payload, NdArrayAllocation.Owned, 0, field);
            case NdArray array when array.CanConvertTo<T>():
                return array.As<T>();
            case NdArray array:
                return ThrowHelper.ThrowSampleFormat<NdArray<T>>(SampleFormatError.InvalidArray, $"An array of dtype '{array.DType.Text}' cannot be read as NdArray<{typeof(T).Name}>", -1, field);
            default:
                return WrongType<NdArray<T>>(value, "bin", field);
        }
    }

    /// <summary>Returns an array field as an untyped array.</summary>
    public static NdArray AsNdArray(object? value, string field) => value switch
    {
        byte[] payload => NdArray.Parse(payload, 0, field),
        NdArray array => array,
        _ => WrongType<NdArray>(value, "bin", field),
    };

    /// <summary>Returns a list value.</summary>
    public static IReadOnlyList<object?> AsList(object? value, string field)
        => value as IReadOnlyList<object?> ?? WrongType<IReadOnlyList<object?>>(value, "array", field);

    /// <summary>Returns a map value.</summary>
    public static IReadOnlyDictionary<string, object?> AsMap(object? value, string field)
        => value as IReadOnlyDictionary<string, object?> ?? WrongType<IReadOnlyDictionary<string, object?>>(value, "map", field);

    private static long Signed(object? value, long min, long max, string type, string field)
    {
        long l = AsInt64(value, field);
        return l < min || l > max ? OutOfRange<long>(l.ToString(System.Globalization.CultureInfo.InvariantCulture), type, field) : l;
    }

    private static ulong Unsigned(object? value, ulong max, string type, string field)
    {
        ulong u = AsUInt64(value, field);
        return u > max ? OutOfRange<ulong>(u.ToString(System.Globalization.CultureInfo.InvariantCulture), type, field) : u;
    }

    [DoesNotReturn]
    private static T WrongType<T>(object? value, string expected, string field)
        => ThrowHelper.ThrowSampleFormat<T>(SampleFormatError.WrongType, $"Expected {expected} but found {Kind(value)}", -1, field);

    [DoesNotReturn]
    private static T OutOfRange<T>(string value, string type, string field)
        => ThrowHelper.ThrowSampleFormat<T>(SampleFormatError.OutOfRange, $"Value {value} does not fit '{type}'", -1, field);

    private static string Kind(object? value) => value switch
    {
        null => "None",
        string => "str",
        bool => "bool",
        long or ulong => "int",
        double => "float",
        byte[] => "bin",
        NdArray => "ndarray",
        IReadOnlyDictionary<string, object?> => "map",
        IReadOnlyList<object?> => "array",
        _ => value.GetType().Name,
    };
}
