using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Atdata;

/// <summary>
/// An n-dimensional array (Python's numpy <c>NDArray</c>): a shape over contiguous, row-major (C-order)
/// elements. In a sample it is written as msgpack <c>bin</c> holding the compact array payload.
/// </summary>
/// <typeparam name="T">
/// The element type: <see cref="bool"/> (<c>|b1</c>), <see cref="sbyte"/> (<c>|i1</c>), <see cref="byte"/>
/// (<c>|u1</c>), <see cref="short"/>, <see cref="ushort"/>, <see cref="int"/>, <see cref="uint"/>,
/// <see cref="long"/>, <see cref="ulong"/> (<c>&lt;i2</c>…<c>&lt;u8</c>), <see cref="Half"/> (<c>&lt;f2</c>),
/// <see cref="float"/> (<c>&lt;f4</c>), <see cref="double"/> (<c>&lt;f8</c>) or
/// <see cref="System.Numerics.Complex"/> (<c>&lt;c16</c>). Other types throw <see cref="NotSupportedException"/>.
/// </typeparam>
/// <remarks>
/// <para>
/// <b>Ownership.</b> An array built from a managed array, or read with <see cref="NdArrayAllocation.Owned"/>
/// (the default), owns ordinary GC memory: nothing to dispose, and disposing it does nothing. An array read
/// with <see cref="NdArrayAllocation.Pooled"/> (for example through <c>MsgpackReaderOptions.Pooled</c>) or
/// made by <see cref="RentUninitialized"/> holds memory rented from <see cref="ArrayPool{T}.Shared"/> and
/// <i>owns the rental</i>: whoever holds the array disposes it once, after which <see cref="Span"/>,
/// <see cref="Memory"/> and the indexers throw <see cref="ObjectDisposedException"/>. A span or
/// <see cref="Memory{T}"/> obtained before disposal must not be used afterwards (the pool may hand the memory
/// to someone else). Call <see cref="ToOwned"/> to keep a copy in GC memory that outlives the rental.
/// Disposing twice is harmless. <see cref="Reshape"/> returns a view that shares the storage but not the
/// ownership: disposing the view does nothing, and the view throws once its source is disposed.
/// </para>
/// <para>
/// <b>Reading.</b> Payloads of any byte order and <c>.npy</c> payloads in either memory order are accepted;
/// big-endian elements are swapped and Fortran-order ones transposed, so <see cref="Span"/> always holds native
/// C-order elements. Bytes of a <c>|b1</c> array other than 0 and 1 are read as <see langword="true"/> (stored as 1).
/// </para>
/// <para>
/// Equality is by value: two arrays are equal when their shapes and the bytes of their elements are equal
/// (so <c>NaN</c> equals the same <c>NaN</c>, and <c>0.0</c> differs from <c>-0.0</c>).
/// </para>
/// </remarks>
public sealed class NdArray<T> : IDisposable, IEquatable<NdArray<T>>
    where T : unmanaged
{
    private readonly long[] _shape;
    private readonly int _length;

    // The view's source when this array was reshaped from a pooled one (its disposal ends this view too).
    private readonly NdArray<T>? _source;
    private Memory<T> _memory;
    private T[]? _rented;
    private volatile bool _disposed;

    /// <summary>Creates a one-dimensional array over <paramref name="data"/> (no copy).</summary>
    public NdArray(T[] data)
        : this(data, [(data ?? throw new ArgumentNullException(nameof(data))).LongLength])
    {
    }

    /// <summary>
    /// Creates an array of the given shape over <paramref name="data"/> (no copy), so that
    /// <c>new NdArray&lt;float&gt;([1, 2, 3, 4, 5, 6], 2, 3)</c> works; an empty shape makes a 0-d array.
    /// </summary>
    /// <exception cref="ArgumentException">The shape has a negative dimension, more than 32 dimensions, or an element count different from the data length.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not a supported element type.</exception>
    public NdArray(T[] data, params ReadOnlySpan<long> shape)
        : this((data ?? throw new ArgumentNullException(nameof(data))).AsMemory(), shape)
    {
    }

    /// <summary>Creates an array of the given shape over <paramref name="data"/> (no copy; the caller keeps owning <paramref name="data"/>).</summary>
    /// <exception cref="ArgumentException">The shape has a negative dimension, more than 32 dimensions, or an element count different from the data length.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not a supported element type.</exception>
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

    private NdArray(long[] shape, Memory<T> data, T[]? rented, NdArray<T>? source)
    {
        _shape = shape;
        _length = data.Length;
        _memory = data;
        _rented = rented;
        _source = source;
    }

    /// <summary>The size of each dimension; empty for a 0-d (scalar) array.</summary>
    public ReadOnlySpan<long> Shape => _shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements (the product of <see cref="Shape"/>; 1 for a 0-d array).</summary>
    public long Length => _length;

    /// <summary>The numpy <c>dtype.str</c> this array is written with, for example <c>&lt;f4</c>.</summary>
    public static string DType => NdArrayElement<T>.DType;

    /// <summary>Whether this array owns pooled memory that <see cref="Dispose"/> returns.</summary>
    public bool IsPooled => _rented is not null;

    /// <summary>Whether this array's storage has been returned to the pool (by disposing it or the array it was reshaped from).</summary>
    public bool IsDisposed => _disposed || (_source?._disposed ?? false);

    /// <summary>The elements in row-major order.</summary>
    /// <exception cref="ObjectDisposedException">The pooled storage has been returned.</exception>
    public Span<T> Span => Memory.Span;

    /// <summary>The elements in row-major order.</summary>
    /// <exception cref="ObjectDisposedException">The pooled storage has been returned.</exception>
    public Memory<T> Memory
    {
        get
        {
            if (IsDisposed)
            {
                ThrowDisposed();
            }

            return _memory;
        }
    }

    /// <summary>The element at a flat (row-major) index, whatever the rank.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not less than <see cref="Length"/>.</exception>
    public ref T this[long index]
    {
        get
        {
            var span = Span;
            if ((ulong)index >= (ulong)span.Length)
            {
                ThrowIndex(index);
            }

            return ref span[(int)index];
        }
    }

    /// <summary>The element at the given coordinates, one per dimension.</summary>
    /// <exception cref="ArgumentException">The number of coordinates differs from <see cref="Rank"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A coordinate is outside its dimension.</exception>
    public ref T this[params ReadOnlySpan<long> indices] => ref Span[(int)NdArrayShape.FlatIndex(_shape, indices)];

    /// <summary>Creates an array of the given shape filled with zeros.</summary>
    public static NdArray<T> Zeros(params ReadOnlySpan<long> shape)
    {
        NdArrayElement<T>.EnsureSupported();
        long count = NdArrayShape.ElementCount(shape, nameof(shape));
        return new NdArray<T>(shape.ToArray(), new T[count], rented: null, source: null);
    }

    /// <summary>Creates a 0-d (scalar) array holding <paramref name="value"/>.</summary>
    public static NdArray<T> Scalar(T value) => new(new T[] { value }, ReadOnlySpan<long>.Empty);

    /// <summary>
    /// Creates an array of the given shape whose elements are rented from <see cref="ArrayPool{T}.Shared"/>
    /// (contents unspecified). The caller owns the rental: dispose the array to return it.
    /// </summary>
    public static NdArray<T> RentUninitialized(params ReadOnlySpan<long> shape)
    {
        NdArrayElement<T>.EnsureSupported();
        long count = NdArrayShape.ElementCount(shape, nameof(shape));
        return Allocate(shape.ToArray(), (int)count, NdArrayAllocation.Pooled);
    }

    /// <summary>
    /// Parses a compact or <c>.npy</c> array payload, copying the elements into native C order (the copying
    /// path: any byte order, any memory order). With <see cref="NdArrayAllocation.Pooled"/> the caller owns the
    /// returned array's rental and disposes it.
    /// </summary>
    /// <exception cref="SampleFormatException">The payload is malformed, or its dtype is not <typeparamref name="T"/>'s (<see cref="SampleFormatError.InvalidArray"/>).</exception>
    public static NdArray<T> Parse(ReadOnlySpan<byte> payload, NdArrayAllocation allocation = NdArrayAllocation.Owned)
        => NdArrayPayload.Decode<T>(payload, allocation, 0, null);

    internal static NdArray<T> Allocate(long[] shape, int count, NdArrayAllocation allocation)
    {
        if (allocation == NdArrayAllocation.Pooled && count > 0)
        {
            var rented = ArrayPool<T>.Shared.Rent(count);
            return new NdArray<T>(shape, rented.AsMemory(0, count), rented, source: null);
        }

        var owned = count == 0 ? [] : GC.AllocateUninitializedArray<T>(count);
        return new NdArray<T>(shape, owned, rented: null, source: null);
    }

    /// <summary>
    /// Returns an array with the same elements and a new shape of the same element count. No copy: the result
    /// shares this array's storage (writes through either show in both) but does not own it.
    /// </summary>
    /// <exception cref="ArgumentException">The shape has a negative dimension (<c>-1</c> is not inferred) or a different element count.</exception>
    public NdArray<T> Reshape(params ReadOnlySpan<long> shape)
    {
        long count = NdArrayShape.ElementCount(shape, nameof(shape));
        if (count != Length)
        {
            throw new ArgumentException($"Cannot reshape {Length} elements to ({NdArrayShape.Format(shape)}).", nameof(shape));
        }

        var source = _source ?? (_rented is not null ? this : null);
        return new NdArray<T>(shape.ToArray(), Memory, rented: null, source);
    }

    /// <summary>Returns a copy in GC memory that stays valid after this array is disposed.</summary>
    public NdArray<T> ToOwned() => new(_shape.ToArray(), Span.ToArray(), rented: null, source: null);

    /// <summary>Copies the elements, row-major, into a new one-dimensional managed array.</summary>
    public T[] ToArray() => Span.ToArray();

    /// <summary>Encodes the compact payload Python atdata writes (the value inside the sample's <c>bin</c>).</summary>
    public byte[] ToPayload()
    {
        var data = MemoryMarshal.AsBytes(Span);
        var payload = GC.AllocateUninitializedArray<byte>(NdArrayPayload.CompactLength(NdArrayElement<T>.DTypeAscii.Length, Rank, data.Length));
        int header = NdArrayPayload.WriteCompactHeader(payload, NdArrayElement<T>.DTypeAscii, _shape);
        data.CopyTo(payload.AsSpan(header));
        return payload;
    }

    /// <summary>Returns pooled memory to the pool; does nothing for owned memory or views. Safe to call more than once.</summary>
    public void Dispose()
    {
        var rented = Interlocked.Exchange(ref _rented, null);
        if (rented is not null)
        {
            _disposed = true;
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

    /// <summary>Copies the elements out into a new two-dimensional array; the array must have rank 2.</summary>
    /// <exception cref="InvalidOperationException">The rank is not 2.</exception>
    public T[,] To2D()
    {
        EnsureRank(2);
        var result = new T[_shape[0], _shape[1]];
        Span.CopyTo(ElementsOf(result));
        return result;
    }

    /// <summary>Copies the elements out into a new three-dimensional array; the array must have rank 3.</summary>
    /// <exception cref="InvalidOperationException">The rank is not 3.</exception>
    public T[,,] To3D()
    {
        EnsureRank(3);
        var result = new T[_shape[0], _shape[1], _shape[2]];
        Span.CopyTo(ElementsOf(result));
        return result;
    }

    /// <summary>Copies the elements into a new dense <see cref="Tensor{T}"/> of the same shape (a 0-d array becomes a one-element tensor of rank 1, as <c>Tensor&lt;T&gt;</c> has no rank 0).</summary>
    public Tensor<T> ToTensor()
    {
        Span<nint> lengths = stackalloc nint[Math.Max(Rank, 1)];
        FillLengths(lengths);
        return Tensor.Create(ToArray(), lengths);
    }

    /// <summary>
    /// A <see cref="TensorSpan{T}"/> over this array's elements (no copy), for <c>System.Numerics.Tensors</c>
    /// operations in place. Valid only while this array is (not after a pooled array is disposed).
    /// </summary>
    public TensorSpan<T> AsTensorSpan()
    {
        Span<nint> lengths = stackalloc nint[Math.Max(Rank, 1)];
        FillLengths(lengths);
        return new TensorSpan<T>(Span, lengths);
    }

    /// <summary>Copies a tensor (dense or strided) into a new array of the same shape, elements in row-major order.</summary>
    public static NdArray<T> FromTensor(Tensor<T> tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return FromTensor(tensor.AsReadOnlyTensorSpan());
    }

    /// <summary>Copies a tensor span (dense or strided) into a new array of the same shape, elements in row-major order.</summary>
    public static NdArray<T> FromTensor(scoped in ReadOnlyTensorSpan<T> tensor)
    {
        NdArrayElement<T>.EnsureSupported();
        var lengths = tensor.Lengths;
        var shape = new long[lengths.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            shape[i] = lengths[i];
        }

        long count = NdArrayShape.ElementCount(shape, nameof(tensor));
        var result = Allocate(shape, (int)count, NdArrayAllocation.Owned);
        tensor.FlattenTo(result.Span);
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
        ElementsOf(data).CopyTo(copy);
        return new NdArray<T>(shape, copy, rented: null, source: null);
    }

    // The elements of a (multi-dimensional) T array, which the runtime stores contiguously in row-major order.
    private static Span<T> ElementsOf(Array array)
        => MemoryMarshal.CreateSpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(array)), array.Length);

    private void FillLengths(Span<nint> lengths)
    {
        if (Rank == 0)
        {
            lengths[0] = 1;
            return;
        }

        for (int i = 0; i < _shape.Length; i++)
        {
            lengths[i] = checked((nint)_shape[i]);
        }
    }

    private void EnsureRank(int rank)
    {
        if (Rank != rank)
        {
            throw new InvalidOperationException($"The array has rank {Rank}, not {rank}.");
        }

        foreach (long dim in _shape)
        {
            if (dim > int.MaxValue)
            {
                throw new InvalidOperationException($"Dimension {dim} is too large for a .NET multi-dimensional array.");
            }
        }
    }

    private void ThrowDisposed() => throw new ObjectDisposedException(ToString(), "The array's pooled memory has been returned; call ToOwned() before Dispose() to keep the data.");

    private static void ThrowIndex(long index) => throw new ArgumentOutOfRangeException(nameof(index), index, "The flat index is outside the array.");
}
