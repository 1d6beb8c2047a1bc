using System.Runtime.InteropServices;

namespace Atdata;

/// <summary>
/// A zero-copy, allocation-free, read-only view of a compact array payload whose elements are already in
/// this machine's layout: little-endian (or one-byte) <typeparamref name="T"/> elements in C order. The
/// fastest way to read an array field when the data is only looked at, not kept.
/// </summary>
/// <typeparam name="T">The element type; the payload's dtype must have its kind and size (see <see cref="NdArray{T}"/>).</typeparam>
/// <remarks>
/// <para>
/// <b>Ownership.</b> The view borrows the caller's buffer: <see cref="Data"/> and <see cref="Shape"/> point into
/// the payload bytes it was parsed from, and are valid only while that buffer is (for a shard reader's pooled
/// buffer, until the reader moves on; for a rented array, until it is returned). Nothing is copied or owned,
/// so there is nothing to dispose. Call <see cref="ToNdArray"/> to keep a copy.
/// </para>
/// <para>
/// <b>What can be viewed.</b> Only compact payloads whose dtype is the native form of <typeparamref name="T"/>.
/// Big-endian payloads, legacy <c>.npy</c> payloads (which may be Fortran-ordered) and <c>|b1</c> payloads
/// holding bytes other than 0 and 1 cannot be viewed without a copy: <see cref="Parse(ReadOnlySpan{byte})"/> throws
/// <see cref="NotSupportedException"/> for them and <see cref="TryParse"/> returns <see langword="false"/>;
/// read those with the copying path (<see cref="NdArray{T}.Parse"/> or <c>NdArrayMsgpack.ReadNdArray&lt;T&gt;</c>),
/// which swaps, transposes and normalizes. Malformed payloads throw <see cref="SampleFormatException"/>.
/// </para>
/// <para>
/// The payload carries no alignment, so <see cref="Data"/> and <see cref="Shape"/> may be unaligned; the
/// platforms .NET runs Atdata on (x64, Arm64) read unaligned elements correctly.
/// </para>
/// </remarks>
public readonly ref struct NdArrayView<T>
    where T : unmanaged
{
    private NdArrayView(ReadOnlySpan<long> shape, ReadOnlySpan<T> data)
    {
        Shape = shape;
        Data = data;
    }

    private enum Outcome
    {
        Viewable,
        Malformed,
        WrongDType,
        Npy,
        BigEndian,
        NonCanonicalBool,
    }

    /// <summary>The elements in row-major order, inside the borrowed payload.</summary>
    public ReadOnlySpan<T> Data { get; }

    /// <summary>The size of each dimension (inside the borrowed payload); empty for a 0-d array.</summary>
    public ReadOnlySpan<long> Shape { get; }

    /// <summary>The number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>The number of elements.</summary>
    public long Length => Data.Length;

    /// <summary>The element at a flat (row-major) index, whatever the rank.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not less than <see cref="Length"/>.</exception>
    public ref readonly T this[long index]
    {
        get
        {
            if ((ulong)index >= (ulong)Data.Length)
            {
                ThrowIndex(index);
            }

            return ref Data[(int)index];
        }
    }

    /// <summary>The element at the given coordinates, one per dimension.</summary>
    /// <exception cref="ArgumentException">The number of coordinates differs from <see cref="Rank"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A coordinate is outside its dimension.</exception>
    public ref readonly T this[params ReadOnlySpan<long> indices] => ref Data[(int)NdArrayShape.FlatIndex(Shape, indices)];

    /// <summary>Views a compact payload without copying or allocating.</summary>
    /// <exception cref="SampleFormatException">The payload is malformed, or its dtype is not <typeparamref name="T"/>'s (<see cref="SampleFormatError.InvalidArray"/>).</exception>
    /// <exception cref="NotSupportedException">The payload is valid but needs the copying path: big-endian, <c>.npy</c>, or non-0/1 bool bytes.</exception>
    public static NdArrayView<T> Parse(ReadOnlySpan<byte> payload) => Parse(payload, 0, null);

    /// <summary>Views a compact payload without copying or allocating; <see langword="false"/> when it is malformed or cannot be viewed (see <see cref="Parse(ReadOnlySpan{byte})"/>).</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out NdArrayView<T> view)
        => TryCreate(payload, stackalloc long[NdArrayShape.MaxRank], out view, out _, out _) == Outcome.Viewable;

    internal static NdArrayView<T> Parse(ReadOnlySpan<byte> payload, long baseOffset, string? field)
    {
        Span<long> scratch = stackalloc long[NdArrayShape.MaxRank];
        var outcome = TryCreate(payload, scratch, out var view, out var problem, out var layout);
        return outcome switch
        {
            Outcome.Viewable => view,
            Outcome.Malformed => throw NdArrayPayload.CompactError(problem, payload, scratch, layout, baseOffset, field),
            Outcome.WrongDType => throw NdArrayPayload.Invalid($"Array dtype '{layout.DType.Text}' cannot be read as NdArray<{typeof(T).Name}> ('{NdArrayElement<T>.DType}')", baseOffset, field),
            Outcome.Npy => throw new NotSupportedException("A legacy .npy array payload cannot be viewed in place; read it with the copying path (NdArray<T>.Parse or NdArrayMsgpack.ReadNdArray<T>)."),
            Outcome.BigEndian => throw new NotSupportedException($"The array payload is big-endian ('{layout.DType.Text}') and cannot be viewed in place; read it with the copying path (NdArray<T>.Parse or NdArrayMsgpack.ReadNdArray<T>), which swaps the bytes."),
            _ => throw new NotSupportedException("The bool array payload holds bytes other than 0 and 1 and cannot be viewed in place; read it with the copying path (NdArray<bool>.Parse or NdArrayMsgpack.ReadNdArray<bool>), which normalizes them."),
        };
    }

    /// <summary>Copies the viewed elements into a new <see cref="NdArray{T}"/> that does not depend on the payload.</summary>
    public NdArray<T> ToNdArray(NdArrayAllocation allocation = NdArrayAllocation.Owned)
    {
        var result = NdArray<T>.Allocate(Shape.ToArray(), Data.Length, allocation);
        Data.CopyTo(result.Span);
        return result;
    }

    /// <summary>Copies the viewed elements, row-major, into a new one-dimensional array.</summary>
    public T[] ToArray() => Data.ToArray();

    /// <inheritdoc/>
    public override string ToString() => $"NdArrayView<{typeof(T).Name}>({NdArrayShape.Format(Shape)})";

    private static void ThrowIndex(long index) => throw new ArgumentOutOfRangeException(nameof(index), index, "The flat index is outside the array.");

    private static Outcome TryCreate(ReadOnlySpan<byte> payload, scoped Span<long> scratch, out NdArrayView<T> view, out NdArrayProblem problem, out NdArrayLayout layout)
    {
        view = default;
        layout = default;
        problem = NdArrayProblem.None;
        if (NdArrayElement<T>.DTypeOrNull is null)
        {
            return Outcome.WrongDType;
        }

        if (NdArrayPayload.IsNpy(payload))
        {
            return Outcome.Npy;
        }

        problem = NdArrayPayload.TryParseCompact(payload, scratch, out layout);
        if (problem != NdArrayProblem.None)
        {
            return Outcome.Malformed;
        }

        if (!layout.DType.Matches<T>())
        {
            return Outcome.WrongDType;
        }

        if (layout.DType.IsBigEndian)
        {
            return Outcome.BigEndian;
        }

        var bytes = payload.Slice(layout.DataOffset, layout.DataLength);
        if (NdArrayElement<T>.IsBool && !NdArrayData.AreCanonicalBools(bytes))
        {
            return Outcome.NonCanonicalBool;
        }

        // On a little-endian machine the payload's int64 LE dimensions are already a long[] in memory.
        var shape = MemoryMarshal.Cast<byte, long>(payload.Slice(layout.DataOffset - (8 * layout.Rank), 8 * layout.Rank));
        view = new NdArrayView<T>(shape, MemoryMarshal.Cast<byte, T>(bytes));
        return Outcome.Viewable;
    }
}
