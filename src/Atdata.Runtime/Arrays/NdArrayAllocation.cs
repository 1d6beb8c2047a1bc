namespace Atdata;

/// <summary>Where the elements of an array read from a sample live.</summary>
public enum NdArrayAllocation
{
    /// <summary>A new managed array per value, owned by the <see cref="NdArray{T}"/>; nothing to dispose.</summary>
    Owned,

    /// <summary>
    /// An array rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>. The <see cref="NdArray{T}"/>
    /// owns the rental: call <see cref="NdArray{T}.Dispose"/> when done, or <see cref="NdArray{T}.ToOwned"/>
    /// to keep a copy that outlives it.
    /// </summary>
    Pooled,
}
