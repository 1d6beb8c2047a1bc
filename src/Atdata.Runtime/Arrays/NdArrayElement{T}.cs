using System.Numerics;
using System.Text;

namespace Atdata;

/// <summary>The numpy dtype that corresponds to an element type, resolved once per type without reflection.</summary>
internal static class NdArrayElement<T>
    where T : unmanaged
{
    /// <summary>The little-endian <c>dtype.str</c> written for <typeparamref name="T"/>, or <see langword="null"/> when unsupported.</summary>
    public static readonly string? DTypeOrNull = Resolve();

    /// <summary>The ASCII bytes of <see cref="DTypeOrNull"/> (empty when unsupported), copied into every written header.</summary>
    public static readonly byte[] DTypeAscii = DTypeOrNull is null ? [] : Encoding.ASCII.GetBytes(DTypeOrNull);

    /// <summary>The parsed form of <see cref="DTypeOrNull"/>.</summary>
    public static readonly NdArrayDType ParsedDType = DTypeOrNull is not null && NdArrayDType.TryParse(DTypeOrNull, out var parsed) ? parsed : default;

    public static string DType => DTypeOrNull ?? throw Unsupported();

    /// <summary>Whether <typeparamref name="T"/> is <see cref="bool"/>, whose bytes are normalized to 0 or 1 on read.</summary>
    public static bool IsBool => typeof(T) == typeof(bool);

    public static void EnsureSupported()
    {
        if (DTypeOrNull is null)
        {
            throw Unsupported();
        }
    }

    private static NotSupportedException Unsupported()
        => new($"'{typeof(T).Name}' is not a supported array element type. Use bool, sbyte, byte, short, ushort, int, uint, long, ulong, Half, float, double or Complex.");

    private static string? Resolve()
    {
        if (typeof(T) == typeof(bool)) return "|b1";
        if (typeof(T) == typeof(sbyte)) return "|i1";
        if (typeof(T) == typeof(byte)) return "|u1";
        if (typeof(T) == typeof(short)) return "<i2";
        if (typeof(T) == typeof(ushort)) return "<u2";
        if (typeof(T) == typeof(int)) return "<i4";
        if (typeof(T) == typeof(uint)) return "<u4";
        if (typeof(T) == typeof(long)) return "<i8";
        if (typeof(T) == typeof(ulong)) return "<u8";
        if (typeof(T) == typeof(Half)) return "<f2";
        if (typeof(T) == typeof(float)) return "<f4";
        if (typeof(T) == typeof(double)) return "<f8";
        if (typeof(T) == typeof(Complex)) return "<c16";
        return null;
    }
}
