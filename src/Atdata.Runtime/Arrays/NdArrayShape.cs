using System.Globalization;

namespace Atdata;

/// <summary>Checked arithmetic and formatting for array shapes.</summary>
internal static class NdArrayShape
{
    /// <summary>The most dimensions an array may have (numpy's own limit is 64; payloads above 32 are refused as hostile).</summary>
    public const int MaxRank = 32;

    /// <summary>Returns the product of the dimensions, rejecting negative sizes, more than <see cref="MaxRank"/> dimensions and products that do not fit one .NET array.</summary>
    /// <exception cref="ArgumentException">The shape is not acceptable.</exception>
    public static long ElementCount(ReadOnlySpan<long> shape, string paramName)
    {
        if (shape.Length > MaxRank)
        {
            throw new ArgumentException($"An array may have at most {MaxRank} dimensions, not {shape.Length}.", paramName);
        }

        if (!TryElementCount(shape, Array.MaxLength, out long count))
        {
            throw new ArgumentException($"Shape ({Format(shape)}) has a negative dimension or more than {Array.MaxLength} elements.", paramName);
        }

        return count;
    }

    /// <summary>
    /// Computes the product of the dimensions with checked arithmetic; false when any dimension is negative
    /// or the product exceeds <paramref name="max"/> (a zero dimension makes the product 0 whatever follows).
    /// </summary>
    public static bool TryElementCount(ReadOnlySpan<long> shape, long max, out long count)
    {
        count = 1;
        bool zero = false;
        foreach (long dim in shape)
        {
            if (dim < 0)
            {
                count = 0;
                return false;
            }

            if (dim == 0)
            {
                zero = true;
            }
            else if (!zero)
            {
                // count * dim > max, without overflowing.
                if (count > max / dim)
                {
                    zero = ContainsZero(shape);
                    if (!zero)
                    {
                        count = 0;
                        return false;
                    }
                }
                else
                {
                    count *= dim;
                }
            }
        }

        if (zero)
        {
            count = 0;
        }

        return count <= max;
    }

    /// <summary>The flat (row-major) index of the given coordinates.</summary>
    /// <exception cref="ArgumentException">The number of coordinates differs from the rank.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A coordinate is outside its dimension.</exception>
    public static long FlatIndex(ReadOnlySpan<long> shape, ReadOnlySpan<long> indices)
    {
        if (indices.Length != shape.Length)
        {
            throw new ArgumentException($"Expected {shape.Length} indices but got {indices.Length}.", nameof(indices));
        }

        long flat = 0;
        for (int i = 0; i < shape.Length; i++)
        {
            long index = indices[i];
            if ((ulong)index >= (ulong)shape[i])
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"Index {index} is out of range for dimension {i} of size {shape[i]}.");
            }

            flat = (flat * shape[i]) + index;
        }

        return flat;
    }

    /// <summary>Formats a shape the way Python prints a tuple's contents: <c>3,</c> for one dimension, <c>2, 3</c> otherwise.</summary>
    public static string Format(ReadOnlySpan<long> shape)
    {
        if (shape.Length == 1)
        {
            return shape[0].ToString(CultureInfo.InvariantCulture) + ",";
        }

        var parts = new string[shape.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
        }

        return string.Join(", ", parts);
    }

    private static bool ContainsZero(ReadOnlySpan<long> shape) => shape.Contains(0L);
}
