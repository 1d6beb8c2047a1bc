using System.Collections;

namespace Atdata;

/// <summary>
/// A batch of consecutive samples from a dataset stream. The generator adds a typed property per field of
/// each <see cref="PackableAttribute"/> type (<c>batch.Image</c>, <c>batch.Label</c>): array fields are stacked
/// into one contiguous array of shape (Count, …), other fields become lists. Both are computed on first use and
/// cached.
/// </summary>
/// <typeparam name="T">The sample type.</typeparam>
/// <remarks>
/// Stacked arrays live in memory rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>: dispose the batch
/// when done to return it (the arrays it handed out are then disposed too; copy with
/// <see cref="NdArray{T}.ToOwned"/> to keep one). A batch is not thread-safe.
/// </remarks>
public sealed class SampleBatch<T> : IReadOnlyList<T>, IDisposable
{
    private readonly T[] _items;
    private List<(string Field, object Value)>? _cache;
    private bool _disposed;

    /// <summary>Creates a batch over the first <paramref name="count"/> items of <paramref name="items"/> (no copy).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is out of range.</exception>
    public SampleBatch(T[] items, int count)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, items.Length);
        _items = items;
        Count = count;
    }

    /// <summary>Creates a batch of the given samples.</summary>
    public SampleBatch(IEnumerable<T> items)
        : this([.. items ?? throw new ArgumentNullException(nameof(items))])
    {
    }

    private SampleBatch(T[] items)
        : this(items, items.Length)
    {
    }

    /// <summary>The number of samples.</summary>
    public int Count { get; }

    /// <summary>The samples, in stream order.</summary>
    public IReadOnlyList<T> Samples => new ArraySegment<T>(_items, 0, Count);

    /// <summary>The sample at <paramref name="index"/>.</summary>
    public T this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            return _items[index];
        }
    }

    /// <summary>
    /// Stacks one array field of every sample into a pooled array of shape (Count, …), cached under
    /// <paramref name="field"/>. Generated batch properties call this.
    /// </summary>
    /// <exception cref="RaggedBatchException">The samples' arrays do not all have the same shape.</exception>
    /// <exception cref="ObjectDisposedException">The batch was disposed.</exception>
    public NdArray<TElement> Stack<TElement>(string field, Func<T, NdArray<TElement>> selector)
        where TElement : unmanaged
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(selector);
        if (TryCached(field, out var cached))
        {
            return (NdArray<TElement>)cached;
        }

        var first = selector(_items[0]) ?? throw RaggedBatchException.Null(field, 0);
        var shape = first.Shape.ToArray();
        long length = first.Length;
        for (int i = 1; i < Count; i++)
        {
            var array = selector(_items[i]) ?? throw RaggedBatchException.Null(field, i);
            if (!array.Shape.SequenceEqual(shape))
            {
                throw RaggedBatchException.Ragged(field, shape, i, array.Shape.ToArray());
            }
        }

        var stackedShape = new long[shape.Length + 1];
        stackedShape[0] = Count;
        shape.CopyTo(stackedShape, 1);
        var stacked = NdArray<TElement>.RentUninitialized(stackedShape);
        var target = stacked.Span;
        int each = checked((int)length);
        for (int i = 0; i < Count; i++)
        {
            selector(_items[i]).Span.CopyTo(target.Slice(i * each, each));
        }

        (_cache ??= []).Add((field, stacked));
        return stacked;
    }

    /// <summary>One field of every sample, as a list cached under <paramref name="field"/>. Generated batch properties call this.</summary>
    /// <exception cref="ObjectDisposedException">The batch was disposed.</exception>
    public IReadOnlyList<TField> Column<TField>(string field, Func<T, TField> selector)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(selector);
        if (TryCached(field, out var cached))
        {
            return (IReadOnlyList<TField>)cached;
        }

        var values = new TField[Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = selector(_items[i]);
        }

        (_cache ??= []).Add((field, values));
        return values;
    }

    /// <summary>Returns the stacked arrays' memory to the pool (the arrays handed out become unusable).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_cache is not null)
        {
            foreach (var (_, value) in _cache)
            {
                (value as IDisposable)?.Dispose();
            }

            _cache = null;
        }
    }

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return _items[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => $"SampleBatch<{typeof(T).Name}>({Count})";

    private bool TryCached(string field, out object value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_cache is not null)
        {
            foreach (var entry in _cache)
            {
                if (string.Equals(entry.Field, field, StringComparison.Ordinal))
                {
                    value = entry.Value;
                    return true;
                }
            }
        }

        value = null!;
        return false;
    }
}
