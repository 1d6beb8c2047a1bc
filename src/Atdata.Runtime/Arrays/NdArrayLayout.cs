namespace Atdata;

/// <summary>
/// What a validated array payload holds and where: the dtype, the rank (the dimensions themselves go to a
/// caller-supplied span, so parsing allocates nothing), the element count and the data offset.
/// </summary>
internal readonly record struct NdArrayLayout(NdArrayDType DType, int Rank, int ElementCount, int DataOffset, bool FortranOrder, bool IsNpy)
{
    /// <summary>The number of data bytes: exactly the bytes that follow the header.</summary>
    public int DataLength => ElementCount * DType.ItemSize;
}

/// <summary>Why an array payload was refused; each maps to one message in <see cref="NdArrayPayload"/>.</summary>
internal enum NdArrayProblem
{
    None,
    TooShort,
    DTypeLengthOutOfBounds,
    UnsupportedDType,
    TooManyDimensions,
    ShapeTruncated,
    NegativeDimension,
    ShapeExceedsData,
    DataExceedsShape,
    DataNotMultipleOfItemSize,
}
