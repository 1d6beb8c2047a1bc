using System.Buffers;
using System.Runtime.InteropServices;
using Atdata.Msgpack;
using static Atdata.Runtime.Tests.Arrays.ArrayTestSupport;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Arrays;

/// <summary>Pooled ownership, the zero-copy view, and the allocation-free hot paths.</summary>
[TestFixture]
public sealed class PooledAndViewTests
{
    /// <summary>224 × 224 × 3, an ImageNet-sized image.</summary>
    private const int ImageElements = 150_528;

    [Test]
    public void PooledReadRentsAndDisposeReturnsTheMemory()
    {
        var payload = new NdArray<float>(Enumerable.Range(0, 1000).Select(i => (float)i).ToArray()).ToPayload();
        var array = NdArray<float>.Parse(payload, NdArrayAllocation.Pooled);
        Assert.That(array.IsPooled, Is.True);
        Assert.That(array.Span[999], Is.EqualTo(999f));
        Assert.That(MemoryMarshal.TryGetArray<float>(array.Memory, out var segment), Is.True);
        var rented = segment.Array!;
        Assert.That(rented.Length, Is.GreaterThanOrEqualTo(1000));

        array.Dispose();
        Assert.Multiple(() =>
        {
            Assert.That(array.IsPooled, Is.False);
            Assert.That(array.IsDisposed, Is.True);
            Assert.That(array.Shape.ToArray(), Is.EqualTo(new long[] { 1000 }), "the shape stays readable");
        });
        Assert.Throws<ObjectDisposedException>(() => _ = array.Span);
        Assert.Throws<ObjectDisposedException>(() => _ = array.Memory);
        Assert.Throws<ObjectDisposedException>(() => _ = array[0]);
        Assert.Throws<ObjectDisposedException>(() => array.ToOwned());

        // The shared pool hands the most recently returned array of a size class back to the same thread.
        var again = ArrayPool<float>.Shared.Rent(1000);
        Assert.That(again, Is.SameAs(rented), "Dispose returned the rental to ArrayPool<T>.Shared");
        ArrayPool<float>.Shared.Return(again);
    }

    [Test]
    public void DoubleDisposeReturnsTheMemoryOnlyOnce()
    {
        var array = NdArray<double>.RentUninitialized(777);
        Assert.That(array.IsPooled, Is.True);
        array.Dispose();
        array.Dispose();

        // Had the rental been returned twice, the pool would now hand the same array out twice.
        var first = ArrayPool<double>.Shared.Rent(777);
        var second = ArrayPool<double>.Shared.Rent(777);
        Assert.That(second, Is.Not.SameAs(first));
        ArrayPool<double>.Shared.Return(first);
        ArrayPool<double>.Shared.Return(second);
    }

    [Test]
    public void ToOwnedCopiesOutOfThePool()
    {
        var pooled = NdArray<int>.RentUninitialized(3, 4);
        pooled.Span.Fill(5);
        var owned = pooled.ToOwned();
        pooled.Dispose();
        Assert.Multiple(() =>
        {
            Assert.That(owned.IsPooled, Is.False);
            Assert.That(owned.Shape.ToArray(), Is.EqualTo(new long[] { 3, 4 }));
            Assert.That(owned.ToArray(), Is.All.EqualTo(5));
        });
        owned.Dispose(); // harmless for owned memory
        Assert.That(owned.IsDisposed, Is.False);
        Assert.That(owned[11], Is.EqualTo(5));
    }

    [Test]
    public void ReshapedViewOfAPooledArrayDiesWithItsSource()
    {
        var source = NdArray<byte>.RentUninitialized(6);
        var view = source.Reshape(2, 3);
        var viewOfView = view.Reshape(3, 2);
        Assert.That(view.IsPooled, Is.False, "the view does not own the rental");
        view.Dispose();
        Assert.That(source.IsDisposed, Is.False, "disposing a view does not return the source's memory");
        source.Span[5] = 42;
        Assert.That(viewOfView[2, 1], Is.EqualTo(42));

        source.Dispose();
        Assert.That(view.IsDisposed, Is.True);
        Assert.Throws<ObjectDisposedException>(() => _ = view.Span);
        Assert.Throws<ObjectDisposedException>(() => _ = viewOfView.Span);
    }

    [Test]
    public void ReaderOptionsPooledRentsArraysAndDefaultDoesNot()
    {
        var sample = Bin(new NdArray<short>([1, 2, 3, 4], 2, 2).ToPayload());

        var pooledReader = new MsgpackReader(sample, MsgpackReaderOptions.Pooled);
        Assert.That(pooledReader.ArrayAllocation, Is.EqualTo(NdArrayAllocation.Pooled));
        using (var pooled = NdArrayMsgpack.ReadNdArray<short>(ref pooledReader))
        {
            Assert.That(pooled.IsPooled, Is.True);
            Assert.That(pooled[1, 1], Is.EqualTo(4));
        }

        var ownedReader = new MsgpackReader(sample);
        var owned = NdArrayMsgpack.ReadNdArray<short>(ref ownedReader);
        Assert.That(owned.IsPooled, Is.False);
        Assert.That(owned.ToArray(), Is.EqualTo(new short[] { 1, 2, 3, 4 }));
    }

    [Test]
    public void EmptyPooledArraysRentNothing()
    {
        using var empty = NdArray<float>.Parse(NdArray<float>.Zeros(0, 4).ToPayload(), NdArrayAllocation.Pooled);
        Assert.That(empty.IsPooled, Is.False);
        Assert.That(empty.Length, Is.Zero);
    }

    [Test]
    public void PooledReadOfALargeArrayAllocatesNoElementMemory()
    {
        var sample = Bin(new NdArray<float>(new float[ImageElements], 224, 224, 3).ToPayload());
        ReadPooled(sample); // warm up the pool and the code

        long allocated = AllocatedBy(() => ReadPooled(sample));
        Assert.That(allocated, Is.LessThan(1024), "only the NdArray object and its shape; the elements come from the pool");

        static void ReadPooled(byte[] sample)
        {
            var reader = new MsgpackReader(sample, MsgpackReaderOptions.Pooled);
            using var array = NdArrayMsgpack.ReadNdArray<float>(ref reader);
        }
    }

    [Test]
    public void ViewBorrowsThePayload()
    {
        var values = Enumerable.Range(0, 24).Select(i => i * 0.5).ToArray();
        var payload = new NdArray<double>(values, 2, 3, 4).ToPayload();
        var view = NdArrayView<double>.Parse(payload);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(view.Shape.ToArray(), Is.EqualTo(new long[] { 2, 3, 4 }));
            Assert.That(view.Rank, Is.EqualTo(3));
            Assert.That(view.Length, Is.EqualTo(24));
            Assert.That(view.Data.ToArray(), Is.EqualTo(values));
            Assert.That(view[1, 2, 3], Is.EqualTo(11.5));
            Assert.That(view[5], Is.EqualTo(2.5));
            Assert.That(view.ToString(), Is.EqualTo("NdArrayView<Double>(2, 3, 4)"));
        }

        // The view reads the caller's bytes in place: a change to the buffer shows through.
        BitConverter.TryWriteBytes(payload.AsSpan(payload.Length - 8), -1.0);
        Assert.That(NdArrayView<double>.Parse(payload)[23], Is.EqualTo(-1.0));
        Assert.That(view.Data[23], Is.EqualTo(-1.0));

        using var copy = NdArrayView<double>.Parse(payload).ToNdArray(NdArrayAllocation.Pooled);
        Assert.That(copy.Shape.ToArray(), Is.EqualTo(new long[] { 2, 3, 4 }));
        Assert.That(copy[23], Is.EqualTo(-1.0));
    }

    [Test]
    public void ViewOfScalarsEmptyArraysAndOneByteTypes()
    {
        var scalarPayload = Hex("033c6938000700000000000000");
        var scalar = NdArrayView<long>.Parse(scalarPayload);
        Assert.That(scalar.Rank, Is.Zero);
        Assert.That(scalar[0], Is.EqualTo(7));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = NdArrayView<long>.Parse(scalarPayload)[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = NdArrayView<long>.Parse(scalarPayload)[-1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = NdArrayView<long>.Parse(scalarPayload)[1L << 40]);
        Assert.Throws<ArgumentException>(() => _ = NdArrayView<long>.Parse(scalarPayload)[0, 0]);

        var empty = NdArrayView<float>.Parse(NdArray<float>.Zeros(3, 0).ToPayload());
        Assert.That(empty.Length, Is.Zero);
        Assert.That(empty.Shape.ToArray(), Is.EqualTo(new long[] { 3, 0 }));

        var bytes = NdArrayView<byte>.Parse(Hex("037c753102020000000000000002000000000000000001feff"));
        Assert.That(bytes[1, 1], Is.EqualTo(255));
        Assert.That(NdArrayView<bool>.Parse(Hex("037c6231010300000000000000010001")).ToArray(), Is.EqualTo(new[] { true, false, true }));
    }

    [Test]
    public void ViewRefusesPayloadsThatNeedTheCopyingPath()
    {
        var bigEndian = Hex("033e66380102000000000000003ff00000000000004000000000000000");
        var npy = Npy("<f8", false, [2], new byte[16]);
        var fortran = Npy("<f8", true, [2, 1], new byte[16]);

        foreach (var payload in new[] { bigEndian, npy, fortran })
        {
            Assert.That(NdArrayView<double>.TryParse(payload, out _), Is.False);
            var error = Assert.Throws<NotSupportedException>(() => NdArrayView<double>.Parse(payload));
            Assert.That(error!.Message, Does.Contain("copying path"));
            Assert.That(NdArray<double>.Parse(payload).Length, Is.EqualTo(2), "the copying path reads it");
        }

        var wrongType = Hex("033c66340103000000000000000000c03f000000c000005040");
        Assert.That(NdArrayView<double>.TryParse(wrongType, out _), Is.False);
        Assert.That(Assert.Throws<SampleFormatException>(() => NdArrayView<double>.Parse(wrongType))!.Error, Is.EqualTo(SampleFormatError.InvalidArray));
        Assert.That(NdArrayView<char>.TryParse(wrongType, out _), Is.False);
    }

    [Test]
    public void ViewThroughTheMsgpackReader()
    {
        var sample = Bin(new NdArray<int>([1, 2, 3, 4, 5, 6], 3, 2).ToPayload());
        var reader = new MsgpackReader(sample);
        var view = NdArrayMsgpack.ReadNdArrayView<int>(ref reader);
        Assert.That(reader.End, Is.True);
        Assert.That(view[2, 1], Is.EqualTo(6));
    }

    [Test]
    public void ViewPathAllocatesNothing()
    {
        var payload = new NdArray<float>(Enumerable.Range(0, ImageElements).Select(i => (float)i).ToArray(), 224, 224, 3).ToPayload();
        var sample = Bin(payload);
        double sum = 0;
        long one = 1, two = 2, zero = 0;
        void Read()
        {
            // Coordinates from variables: a constant span literal goes through RuntimeHelpers.CreateSpan,
            // which allocates in unoptimized (Debug) code; that cost is the test's, not the view's.
            var view = NdArrayView<float>.Parse(payload);
            sum += view.Data[^1] + view.Shape[2] + view[one, two, zero];
            if (NdArrayView<float>.TryParse(payload, out var again))
            {
                sum += again.Length;
            }

            var reader = new MsgpackReader(sample);
            sum += NdArrayMsgpack.ReadNdArrayView<float>(ref reader).Rank;
        }

        Read(); // JIT and static initialization
        long allocated = AllocatedBy(Read);
        Assert.That(allocated, Is.Zero);
        Assert.That(sum, Is.GreaterThan(0));
    }

    [Test]
    public void WritingAnImageIntoAReusedBufferAllocatesNothing()
    {
        var image = new NdArray<float>(Enumerable.Range(0, ImageElements).Select(i => i * 0.25f).ToArray(), 224, 224, 3);
        var buffer = new ArrayBufferWriter<byte>(ImageElements * 4 + 64);
        void Write()
        {
            buffer.ResetWrittenCount();
            var writer = new MsgpackWriter(buffer);
            NdArrayMsgpack.WriteNdArray(ref writer, image);
            writer.Flush();
        }

        Write();
        long allocated = AllocatedBy(Write);
        Assert.That(allocated, Is.Zero);

        // And the bytes are the bin-wrapped compact payload.
        Assert.That(buffer.WrittenCount, Is.EqualTo(5 + 1 + 3 + 1 + 24 + (ImageElements * 4)));
        var reader = new MsgpackReader(buffer.WrittenSpan);
        Assert.That(NdArrayMsgpack.ReadNdArrayView<float>(ref reader).Data.SequenceEqual(image.Span), Is.True);
    }

    [Test]
    public void SpanWriteAllocatesNothingAndValidatesTheShape()
    {
        var data = new double[1024];
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        void Write()
        {
            buffer.ResetWrittenCount();
            var writer = new MsgpackWriter(buffer);
            Span<long> shape = stackalloc long[2]; // not a constant literal: see ViewPathAllocatesNothing
            shape.Fill(32);
            NdArrayMsgpack.WriteNdArray<double>(ref writer, data, shape);
            writer.Flush();
        }

        Write();
        Assert.That(AllocatedBy(Write), Is.Zero);
        Assert.That(NdArrayView<double>.Parse(buffer.WrittenSpan[3..]).Shape.ToArray(), Is.EqualTo(new long[] { 32, 32 }));

        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new MsgpackWriter(new ArrayBufferWriter<byte>());
            NdArrayMsgpack.WriteNdArray<double>(ref writer, data, [33, 32]);
        });
    }
}
