namespace Atdata;

/// <summary>A batch's array field could not be stacked: the samples' arrays differ in shape (or one is null).</summary>
public sealed class RaggedBatchException : AtdataException
{
    private RaggedBatchException(string message, string field, long[] expectedShape, int sampleIndex, long[]? actualShape)
        : base(message)
    {
        Field = field;
        ExpectedShape = expectedShape;
        SampleIndex = sampleIndex;
        ActualShape = actualShape;
    }

    /// <summary>The field (its wire name).</summary>
    public string Field { get; }

    /// <summary>The shape of the first sample's array.</summary>
    public IReadOnlyList<long> ExpectedShape { get; }

    /// <summary>The position in the batch of the first sample that differs.</summary>
    public int SampleIndex { get; }

    /// <summary>That sample's shape, or <see langword="null"/> when its array is null.</summary>
    public IReadOnlyList<long>? ActualShape { get; }

    internal static RaggedBatchException Ragged(string field, long[] expected, int index, long[] actual)
        => new($"Cannot stack field '{field}': sample 0 has shape ({Format(expected)}) but sample {index} has shape ({Format(actual)}). Read ragged fields per sample (batch[i]) instead.", field, expected, index, actual);

    internal static RaggedBatchException Null(string field, int index)
        => new($"Cannot stack field '{field}': sample {index} has no array (null).", field, [], index, null);

    private static string Format(long[] shape) => shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
}
