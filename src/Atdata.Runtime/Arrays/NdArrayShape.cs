namespace Atdata;

/// <summary>Checked arithmetic and formatting for array shapes.</summary>
internal static class NdArrayShape
{
    /// <summary>The most dimensions an array may have (numpy's own limit is 64; payloads above 32 are refused as hostile).</summary>
    public const int MaxRank = 32;

    /// <summary>Returns the product of the dimensions, rejecting negative sizes and products that do not fit an <see cref="int"/>-indexed buffer.</summary>
    public static long ElementCount(ReadOnlySpan<long> shape, string paramName)
    {
        if (shape.Length > MaxRank)
        {
            throw new ArgumentException($"An array may have at most {MaxRank} dimensions.", paramName);
        }

        if (!TryElementCount(shape, Array.MaxLength, out long count))
        {
            throw new ArgumentException($"Shape ({Format(shape)}) has a negative dimension or more than {Array.MaxLength} elements.", paramName);
        }

        return count;
    }

    /// <summary>Computes the product of the dimensions; false when any is negative or the product exceeds <paramref name="max"/>.</summary>
    public static bool TryElementCount(ReadOnlySpan<long> shape, long max, out long count)
    {
        count = 1;
        foreach (long dim in shape)
        {
            if (dim < 0)
            {
                return false;
            }

            if (dim == 0)
            {
                count = 0;
                continue;
            }

            if (count != 0 && count > max / dim)
            {
                // Keep scanning for negatives so the error is precise, but the product is already too big.
                count = -1;
                return false;
            }

            count = count == 0 ? 0 : count * dim;
        }

        return count <= max;
    }

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

    public static string Format(ReadOnlySpan<long> shape)
    {
        if (shape.Length == 1)
        {
            return shape[0].ToString(System.Globalization.CultureInfo.InvariantCulture) + ",";
        }

        var parts = new string[shape.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            parts[i] = shape[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return string.Join(", ", parts);
    }
}
