using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Atdata;

/// <summary>
/// An n-dimensional array (Python's numpy <c>NDArray</c>): a shape over contiguous, row-major (C-order)
/// elements. In a sample it is written as msgpack <c>bin</c> holding the compact array payload.
/// </summary>
/// <typeparam name="T">
/// The element type: <see cref="bool"/>, <see cref="sbyte"/>…<see cref="ulong"/>, <see cref="Half"/>,
/// <see cref="float"/>, <see cref="double"/> or <see cref="System.Numerics.Complex"/>.
/// </typeparam>
/// <remarks>
/// <para>
/// <b>Ownership.</b> An array built from a managed array, or read with <see cref="NdArrayAllocation.Owned"/>
/// (the default), owns ordinary GC memory: nothing to dispose. An array read with
/// <see cref="NdArrayAllocation.Pooled"/> holds memory rented from <see cref="ArrayPool{T}.Shared"/>: it
/// must be disposed once, after which its <see cref="Span"/> and <see cref="Memory"/> must not be used;
/// call <see cref="ToOwned"/> first to keep a copy. Disposing an owned array does nothing.
/// </para>
/// <para>
/// Equality is by value: two arrays are equal when their shapes and elements are equal, so records holding
/// arrays compare as users expect.
/// </para>
/// </remarks>
public sealed class NdArray<T> : IDisposable, IEquatable<NdArray<T>>
    where T : unmanaged
{
    private readonly long[] _shape;
    private readonly int _length;
    private Memory<T> _memory;
    private T[]? _rented;

    /// <summary>Creates a one-dimensional array over <paramref name="data"/> (no copy).</summary>
    public NdArray(T[] data)
        : this(data, [(data ?? throw new ArgumentNullException(nameof(data))).LongLength])
    {
    }

    /// <summary>Creates an array of the given shape over <paramref name="data"/> (no copy).</summary>
    /// <exception cref="ArgumentException">The shape's element count differs from the data length.</exception>
    public NdArray(Memory<T> data, params ReadOnlySpan<long> shape)
    {
        NdArrayElement<T>.EnsureSupported();
        long count = NdArrayShape.ElementCount(shape, nameof(shape));
        if (count != data.Length)
        {
            throw new ArgumentException($"Shape ({NdArrayShape.Format(shape)}) holds {count} elements but the data has {data.Length}.", nameof(shape));
        }

        _shape = shape.ToArray();
        _length = data.Length;
        _memory = data;
    }

    private NdArray(long[] shape, Memory<T> data, T[]? rented)
    {
        _shape = shape;
        _length = data.Length;
        _memory = data;
        _rented = rented;
    }

    /// <summary>The size of each dimension; empty for a 0-d (scalar) array.</summary>
    public ReadOnlySpan<long> Shape => _shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements (the product of <see cref="Shape"/>).</summary>
    public long Length => _length;

    /// <summary>The numpy <c>dtype.str</c> this array is written with, for example <c>&lt;f4</c>.</summary>
    public static string DType => NdArrayElement<T>.DType;

    /// <summary>Whether this array holds pooled memory that <see cref="Dispose"/> returns.</summary>
    public bool IsPooled => _rented is not null;

    /// <summary>The elements in row-major order.</summary>
    public Span<T> Span => Memory.Span;

    /// <summary>The elements in row-major order.</summary>
    public Memory<T> Memory
    {
        get
        {
            ObjectDisposedException.ThrowIf(_length != 0 && _memory.IsEmpty, this);
            return _memory;
        }
    }

    /// <summary>The element at a flat (row-major) index.</summary>
    public ref T this[long index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Length);
            return ref Span[(int)index];
        }
    }

    /// <summary>The element at the given coordinates, one per dimension.</summary>
    public ref T this[params ReadOnlySpan<long> indices] => ref Span[(int)NdArrayShape.FlatIndex(_shape, indices)];

    /// <summary>Creates an array of the given shape filled with zeros.</summary>
    public static NdArray<T> Zeros(params ReadOnlySpan<long> shape)
    {
        NdArrayElement<T>.EnsureSupported();
        long count = NdArrayShape.ElementCount(shape, nameof(shape));
        return new NdArray<T>(shape.ToArray(), new T[count], rented: null);
    }

    /// <summary>
    /// Creates an array of the given shape whose elements are rented from <see cref="ArrayPool{T}.Shared"/>
    /// (contents unspecified). Dispose it to return the memory.
    /// </summary>
    public static NdArray<T> RentUninitialized(params ReadOnlySpan<long> shape)
    {
        NdArrayElement<T>.EnsureSupported();
        long count = NdArrayShape.ElementCount(shape, nameof(shape));
        return Allocate(shape.ToArray(), (int)count, NdArrayAllocation.Pooled);
    }

    internal static NdArray<T> Allocate(long[] shape, int count, NdArrayAllocation allocation)
    {
        if (allocation == NdArrayAllocation.Pooled && count > 0)
        {
            var rented = ArrayPool<T>.Shared.Rent(count);
            return new NdArray<T>(shape, rented.AsMemory(0, count), rented);
        }

        var owned = count == 0 ? [] : GC.AllocateUninitializedArray<T>(count);
        return new NdArray<T>(shape, owned, rented: null);
    }

    /// <summary>Returns an array with the same elements and a new shape of the same element count (no copy).</summary>
    public NdArray<T> Reshape(params ReadOnlySpan<long> shape)
    {
        long count = NdArrayShape.ElementCount(shape, nameof(shape));
        if (count != Length)
        {
            throw new ArgumentException($"Cannot reshape {Length} elements to ({NdArrayShape.Format(shape)}).", nameof(shape));
        }

        return new NdArray<T>(shape.ToArray(), Memory, rented: null);
    }

    /// <summary>Returns a copy in owned memory that stays valid after this array is disposed.</summary>
    public NdArray<T> ToOwned() => new(_shape.ToArray(), Span.ToArray(), rented: null);

    /// <summary>Copies the elements into a new one-dimensional managed array.</summary>
    public T[] ToArray() => Span.ToArray();

    /// <summary>Returns pooled memory to the pool; does nothing for owned memory. Idempotent.</summary>
    public void Dispose()
    {
        var rented = _rented;
        if (rented is not null)
        {
            _rented = null;
            _memory = default;
            ArrayPool<T>.Shared.Return(rented);
        }
    }

    /// <summary>Wraps a one-dimensional managed array (no copy).</summary>
    public static implicit operator NdArray<T>(T[] data) => new(data);

    /// <summary>Copies a two-dimensional array into a new <see cref="NdArray{T}"/> of shape (rows, columns).</summary>
    public static NdArray<T> FromArray(T[,] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromMultidimensional(data, [data.GetLongLength(0), data.GetLongLength(1)]);
    }

    /// <summary>Copies a three-dimensional array into a new <see cref="NdArray{T}"/>.</summary>
    public static NdArray<T> FromArray(T[,,] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromMultidimensional(data, [data.GetLongLength(0), data.GetLongLength(1), data.GetLongLength(2)]);
    }

    /// <summary>Copies a two-dimensional array out; the array must have rank 2.</summary>
    public T[,] To2D()
    {
        EnsureRank(2);
        var result = new T[_shape[0], _shape[1]];
        Span.CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(result)), result.Length));
        return result;
    }

    /// <summary>Copies a three-dimensional array out; the array must have rank 3.</summary>
    public T[,,] To3D()
    {
        EnsureRank(3);
        var result = new T[_shape[0], _shape[1], _shape[2]];
        Span.CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(result)), result.Length));
        return result;
    }

    /// <inheritdoc/>
    public bool Equals(NdArray<T>? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return Shape.SequenceEqual(other.Shape)
            && MemoryMarshal.AsBytes(Span).SequenceEqual(MemoryMarshal.AsBytes(other.Span));
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as NdArray<T>);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        // Elements are mutable, so only the shape contributes.
        var hash = new HashCode();
        foreach (long dim in _shape)
        {
            hash.Add(dim);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() => $"NdArray<{typeof(T).Name}>({NdArrayShape.Format(_shape)})";

    private static NdArray<T> FromMultidimensional(Array data, long[] shape)
    {
        NdArrayElement<T>.EnsureSupported();
        var copy = new T[data.Length];
        ref byte source = ref MemoryMarshal.GetArrayDataReference(data);
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, T>(ref source), data.Length).CopyTo(copy);
        return new NdArray<T>(shape, copy, rented: null);
    }

    private void EnsureRank(int rank)
    {
        if (Rank != rank)
        {
            throw new InvalidOperationException($"The array has rank {Rank}, not {rank}.");
        }
    }
}
