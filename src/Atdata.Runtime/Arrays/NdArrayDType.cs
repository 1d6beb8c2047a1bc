using System.Globalization;

namespace Atdata;

/// <summary>A parsed numpy <c>dtype.str</c> such as <c>&lt;f4</c>: byte order, kind and item size.</summary>
/// <param name="Text">The dtype string as written, for example <c>&gt;f8</c>.</param>
/// <param name="ByteOrder"><c>&lt;</c> little-endian, <c>&gt;</c> big-endian, <c>|</c> not applicable.</param>
/// <param name="Kind">numpy's kind character: <c>b</c> bool, <c>i</c> signed, <c>u</c> unsigned, <c>f</c> float, <c>c</c> complex, <c>S</c> bytes, <c>U</c> unicode, <c>V</c> void.</param>
/// <param name="ItemSize">Bytes per element.</param>
public readonly record struct NdArrayDType(string Text, char ByteOrder, char Kind, int ItemSize)
{
    /// <summary>The largest item size accepted (numpy allows more for strings; payloads beyond this are refused).</summary>
    internal const int MaxItemSize = 1 << 20;

    /// <summary>Whether the elements are stored big-endian and need swapping on this machine.</summary>
    public bool IsBigEndian => ByteOrder == '>' && ItemSize > 1;

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
        dtype = default;
        if (text.Length < 3 || text.Length > 16)
        {
            return false;
        }

        char order = text[0];
        char kind = text[1];
        if (order is not ('<' or '>' or '|' or '='))
        {
            return false;
        }

        if (!int.TryParse(text[2..], NumberStyles.None, CultureInfo.InvariantCulture, out int size) || size <= 0 || size > MaxItemSize)
        {
            return false;
        }

        bool valid = kind switch
        {
            'b' => size == 1,
            'i' or 'u' => size is 1 or 2 or 4 or 8,
            'f' => size is 2 or 4 or 8 or 16,
            'c' => size is 8 or 16 or 32,
            'S' or 'V' => true,
            'U' => size % 4 == 0,
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

        dtype = new NdArrayDType(text.ToString(), order, kind, size);
        return true;
    }

    /// <summary>Whether elements of this dtype can be read as <typeparamref name="T"/> (same kind and size; any byte order).</summary>
    public bool Matches<T>()
        where T : unmanaged
    {
        string? native = NdArrayElement<T>.DTypeOrNull;
        return native is not null && native[1] == Kind && ItemSize == System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
    }

    /// <inheritdoc/>
    public override string ToString() => Text;
}
