using System.Buffers;

namespace Atdata.Shards;

/// <summary>A growable buffer over <see cref="ArrayPool{T}.Shared"/> arrays whose written bytes stay writable (for headers filled in afterwards).</summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _written;

    public PooledBufferWriter(int initialCapacity)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public int WrittenCount => _written;

    public int Capacity => _buffer.Length;

    public Span<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _written))
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Appends <paramref name="count"/> zero bytes and returns them.</summary>
    public Span<byte> AppendZeros(int count)
    {
        var span = GetSpan(count)[..count];
        span.Clear();
        _written += count;
        return span;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        data.CopyTo(GetSpan(data.Length));
        _written += data.Length;
    }

    /// <summary>Forgets everything written after <paramref name="count"/> bytes.</summary>
    public void Truncate(int count) => _written = Math.Min(_written, count);

    /// <summary>
    /// Forgets the written bytes. A buffer larger than <paramref name="maxRetained"/> (grown for one large
    /// member) goes back to the pool for one of <paramref name="initialCapacity"/>; otherwise it is kept, so the
    /// steady state rents nothing.
    /// </summary>
    public void Reset(int maxRetained, int initialCapacity)
    {
        _written = 0;
        if (_buffer.Length > maxRetained)
        {
            var old = _buffer;
            _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
            ArrayPool<byte>.Shared.Return(old);
        }
    }

    public void Dispose()
    {
        var old = _buffer;
        _buffer = [];
        _written = 0;
        if (old.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(old);
        }
    }

    private void Ensure(int sizeHint)
    {
        if (sizeHint < 1)
        {
            sizeHint = 1;
        }

        if (_buffer.Length - _written >= sizeHint)
        {
            return;
        }

        long needed = (long)_written + sizeHint;
        long grown = Math.Max(needed, Math.Min((long)_buffer.Length * 2, Array.MaxLength));
        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException($"A tar member larger than {Array.MaxLength} bytes cannot be buffered.");
        }

        var next = ArrayPool<byte>.Shared.Rent((int)grown);
        _buffer.AsSpan(0, _written).CopyTo(next);
        var old = _buffer;
        _buffer = next;
        if (old.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(old);
        }
    }
}
