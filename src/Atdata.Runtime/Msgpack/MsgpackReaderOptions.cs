namespace Atdata.Msgpack;

/// <summary>Limits and allocation choices for reading samples.</summary>
public sealed record MsgpackReaderOptions
{
    /// <summary>The defaults: nesting up to 500 levels, arrays in owned memory.</summary>
    public static MsgpackReaderOptions Default { get; } = new();

    /// <summary>
    /// Like <see cref="Default"/>, but arrays are read into memory rented from a pool; dispose each
    /// <see cref="NdArray{T}"/> (or the sample's arrays) to return it.
    /// </summary>
    public static MsgpackReaderOptions Pooled { get; } = new() { ArrayAllocation = NdArrayAllocation.Pooled };

    private readonly int _maxDepth = 500;

    /// <summary>
    /// The deepest nesting of arrays and maps accepted, including values inside skipped fields. The default,
    /// 500, matches MessagePack-CSharp's <c>UntrustedData</c> setting.
    /// </summary>
    public int MaxDepth
    {
        get => _maxDepth;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 100_000);
            _maxDepth = value;
        }
    }

    /// <summary>How array payloads are allocated when samples are read.</summary>
    public NdArrayAllocation ArrayAllocation { get; init; } = NdArrayAllocation.Owned;
}
