using System.Globalization;
using System.Runtime.CompilerServices;

namespace Atdata;

/// <summary>A parsed numpy <c>dtype.str</c> such as <c>&lt;f4</c>: byte order, kind and item size.</summary>
/// <param name="Text">The dtype string as written, for example <c>&gt;f8</c>.</param>
/// <param name="ByteOrder">
/// <c>&lt;</c> little-endian, <c>&gt;</c> big-endian, <c>|</c> not applicable. The native marker <c>=</c>
/// is read as <c>&lt;</c> (or <c>|</c> for one-byte items): this SDK runs on little-endian machines only.
/// </param>
/// <param name="Kind">numpy's kind character: <c>b</c> bool, <c>i</c> signed, <c>u</c> unsigned, <c>f</c> float, <c>c</c> complex, <c>S</c> bytes, <c>U</c> unicode, <c>V</c> void.</param>
/// <param name="ItemSize">Bytes per element (for <c>U</c>, four per character: <c>&lt;U5</c> is 20 bytes).</param>
/// <remarks>
/// Accepted: <c>b1</c>; <c>i</c>/<c>u</c> of 1, 2, 4, 8 bytes; <c>f2</c>, <c>f4</c>, <c>f8</c>, <c>f12</c>, <c>f16</c>;
/// <c>c8</c>, <c>c16</c>, <c>c24</c>, <c>c32</c>; <c>S</c><i>n</i>, <c>V</c><i>n</i>, <c>U</c><i>n</i> (n ≥ 1, items up
/// to 1 MiB). Refused: object (<c>O</c>), datetime (<c>M</c>, <c>m</c>), structured and anything else.
/// Only the kinds that map to a .NET element type (<see cref="NdArray{T}"/>) can be converted; the others are
/// kept as untyped <see cref="NdArray"/> values.
/// </remarks>
public readonly record struct NdArrayDType(string Text, char ByteOrder, char Kind, int ItemSize)
{
    /// <summary>The largest item size accepted (numpy allows more for strings; payloads beyond this are refused).</summary>
    internal const int MaxItemSize = 1 << 20;

    /// <summary>The longest dtype text accepted.</summary>
    internal const int MaxTextLength = 16;

    // Every fixed-size dtype, pre-parsed, so reading a payload does not allocate a string for its dtype.
    private static readonly NdArrayDType[] s_common = BuildCommon();

    /// <summary>Whether the elements are stored big-endian, so that reading them on this machine swaps bytes.</summary>
    public bool IsBigEndian => ByteOrder == '>' && SwapUnit > 1;

    /// <summary>The size of the units whose bytes are reversed on a byte-order change (1 when there is nothing to swap).</summary>
    internal int SwapUnit => Kind switch
    {
        'S' or 'V' or 'b' => 1,
        'U' => 4,
        'c' => ItemSize / 2,
        _ => ItemSize,
    };

    /// <summary>The schema name of this dtype (<c>float32</c>, <c>int64</c>, <c>bool</c>, …), or the dtype text for other kinds.</summary>
    public string SchemaName => (Kind, ItemSize) switch
    {
        ('b', 1) => "bool",
        ('i', _) => "int" + (ItemSize * 8).ToString(CultureInfo.InvariantCulture),
        ('u', _) => "uint" + (ItemSize * 8).ToString(CultureInfo.InvariantCulture),
        ('f', _) => "float" + (ItemSize * 8).ToString(CultureInfo.InvariantCulture),
        ('c', _) => "complex" + (ItemSize * 8).ToString(CultureInfo.InvariantCulture),
        _ => Text,
    };

    /// <summary>Parses a dtype string; returns false for anything that is not a plain numpy scalar dtype (object, structured, datetime).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out NdArrayDType dtype)
    {
        foreach (var common in s_common)
        {
            if (text.SequenceEqual(common.Text))
            {
                dtype = common;
                return true;
            }
        }

        return TryParseNew(text, out dtype);
    }

    /// <summary>Parses a dtype given as ASCII bytes (as stored in an array payload) without allocating for the common dtypes.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> ascii, out NdArrayDType dtype)
    {
        if (ascii.Length > MaxTextLength || ascii.Length < 3)
        {
            dtype = default;
            return false;
        }

        foreach (var common in s_common)
        {
            if (AsciiEquals(ascii, common.Text))
            {
                dtype = common;
                return true;
            }
        }

        Span<char> chars = stackalloc char[MaxTextLength];
        for (int i = 0; i < ascii.Length; i++)
        {
            if (ascii[i] is < 0x21 or > 0x7e)
            {
                dtype = default;
                return false;
            }

            chars[i] = (char)ascii[i];
        }

        return TryParseNew(chars[..ascii.Length], out dtype);
    }

    /// <summary>Whether elements of this dtype can be read as <typeparamref name="T"/> (same kind and size; any byte order).</summary>
    public bool Matches<T>()
        where T : unmanaged
    {
        string? native = NdArrayElement<T>.DTypeOrNull;
        return native is not null && native[1] == Kind && ItemSize == Unsafe.SizeOf<T>();
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    internal static bool AsciiEquals(ReadOnlySpan<byte> ascii, string text)
    {
        if (ascii.Length != text.Length)
        {
            return false;
        }

        for (int i = 0; i < ascii.Length; i++)
        {
            if (ascii[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseNew(ReadOnlySpan<char> text, out NdArrayDType dtype)
    {
        if (TryParseParts(text, out char order, out char kind, out int size))
        {
            dtype = new NdArrayDType(text.ToString(), order, kind, size);
            return true;
        }

        dtype = default;
        return false;
    }

    private static bool TryParseParts(ReadOnlySpan<char> text, out char order, out char kind, out int size)
    {
        order = kind = default;
        size = 0;
        if (text.Length < 3 || text.Length > MaxTextLength)
        {
            return false;
        }

        order = text[0];
        kind = text[1];
        if (order is not ('<' or '>' or '|' or '='))
        {
            return false;
        }

        // Digits only: no sign, no spaces, no leading zeros (numpy never writes them).
        var digits = text[2..];
        if (digits[0] == '0' || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count <= 0 || count > MaxItemSize)
        {
            return false;
        }

        size = kind == 'U' ? count * 4 : count;
        bool valid = kind switch
        {
            'b' => size == 1,
            'i' or 'u' => size is 1 or 2 or 4 or 8,
            'f' => size is 2 or 4 or 8 or 12 or 16,
            'c' => size is 8 or 16 or 24 or 32,
            'S' or 'V' => true,
            'U' => size <= MaxItemSize,
            _ => false, // 'O' objects, 'M'/'m' datetimes and anything unknown are refused.
        };
        if (!valid)
        {
            return false;
        }

        // '=' (native) never appears in dtype.str, but numpy accepts it; this SDK only runs little-endian.
        if (order == '=')
        {
            order = size == 1 ? '|' : '<';
        }

        return true;
    }

    private static NdArrayDType[] BuildCommon()
    {
        string[] bodies = ["b1", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f2", "f4", "f8", "f16", "c8", "c16", "c32"];
        var result = new List<NdArrayDType>(bodies.Length * 3);
        foreach (char order in "<|>")
        {
            foreach (string body in bodies)
            {
                string text = order + body;
                if (TryParseParts(text, out char parsedOrder, out char kind, out int size))
                {
                    result.Add(new NdArrayDType(text, parsedOrder, kind, size));
                }
            }
        }

        return [.. result];
    }
}
