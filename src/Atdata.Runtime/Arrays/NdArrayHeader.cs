namespace Atdata;

/// <summary>The parsed header of an array payload: what the data is and where it starts.</summary>
internal readonly record struct NdArrayHeader(NdArrayDType DType, long[] Shape, int ElementCount, int DataOffset, bool FortranOrder)
{
    public int DataLength => ElementCount * DType.ItemSize;
}
