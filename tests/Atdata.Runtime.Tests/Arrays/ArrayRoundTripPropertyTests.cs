using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Atdata.Msgpack;
using static Atdata.Runtime.Tests.Arrays.ArrayTestSupport;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Arrays;

/// <summary>
/// Property-style round trips over many random shapes and every dtype, with a fixed seed: every write and
/// read path agrees with payloads built independently in the tests.
/// </summary>
[TestFixture]
public sealed class ArrayRoundTripPropertyTests
{
    private const int Iterations = 600;

    [Test]
    public void TypedArraysRoundTripThroughEveryPath()
    {
        var random = new Random(12345);
        var checks = new Action<Random>[]
        {
            RoundTrip<bool>, RoundTrip<sbyte>, RoundTrip<byte>, RoundTrip<short>, RoundTrip<ushort>,
            RoundTrip<int>, RoundTrip<uint>, RoundTrip<long>, RoundTrip<ulong>, RoundTrip<Half>,
            RoundTrip<float>, RoundTrip<double>, RoundTrip<Complex>,
        };
        for (int i = 0; i < Iterations; i++)
        {
            checks[i % checks.Length](random);
        }
    }

    [TestCase("<c8")]
    [TestCase(">c8")]
    [TestCase("<f16")]
    [TestCase(">f16")]
    [TestCase("|S5")]
    [TestCase(">U2")]
    [TestCase("|V7")]
    [TestCase("<U3")]
    public void UntypedOnlyDTypesRoundTrip(string dtype)
    {
        var random = new Random(dtype.Sum(c => c));
        int itemSize = NdArray.Parse(Compact(dtype, [0], [])).DType.ItemSize;
        for (int i = 0; i < 60; i++)
        {
            var shape = RandomShape(random);
            long count = shape.Aggregate(1L, (a, b) => a * b);
            var bytes = RandomBytes(random, (int)count * itemSize);

            var array = new NdArray(dtype, bytes, shape);
            var payload = array.ToPayload();
            Assert.That(payload, Is.EqualTo(Compact(dtype, shape, bytes)));
            Assert.That(NdArray.Parse(payload), Is.EqualTo(array));
            Assert.That(NdArray.Parse(Npy(dtype, true, shape, ToFortran(bytes, shape, itemSize), 1 + (i % 3))), Is.EqualTo(array));
            Assert.That(array.CanConvertTo<Complex>() || array.CanConvertTo<double>() || array.CanConvertTo<float>(), Is.False);

            var buffer = new ArrayBufferWriter<byte>();
            var writer = new MsgpackWriter(buffer);
            NdArrayMsgpack.WriteNdArray(ref writer, array);
            writer.Flush();
            Assert.That(buffer.WrittenSpan.ToArray(), Is.EqualTo(Bin(payload)));
        }
    }

    private static void RoundTrip<T>(Random random)
        where T : unmanaged
    {
        var shape = RandomShape(random);
        long count = shape.Aggregate(1L, (a, b) => a * b);
        int itemSize = Unsafe.SizeOf<T>();
        var bytes = RandomBytes(random, (int)count * itemSize);
        if (typeof(T) == typeof(bool))
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] &= 1;
            }
        }

        var values = MemoryMarshal.Cast<byte, T>(bytes).ToArray();
        var array = new NdArray<T>(values, shape);
        string dtype = NdArray<T>.DType;
        string context = $"{dtype} ({string.Join(", ", shape)})";

        // Writing: ToPayload and the msgpack writer both produce the independently built compact payload.
        var payload = array.ToPayload();
        Assert.That(payload, Is.EqualTo(Compact(dtype, shape, bytes)), context);
        Assert.That(WriteBin(array), Is.EqualTo(Bin(payload)), context);

        // Reading: owned, pooled, untyped, view, msgpack.
        Assert.That(NdArray<T>.Parse(payload), Is.EqualTo(array), context);
        using (var pooled = NdArray<T>.Parse(payload, NdArrayAllocation.Pooled))
        {
            Assert.That(pooled, Is.EqualTo(array), context);
        }

        var untyped = NdArray.Parse(payload);
        Assert.That(untyped.As<T>(), Is.EqualTo(array), context);
        Assert.That(untyped.ToPayload(), Is.EqualTo(payload), context);
        Assert.That(NdArray.From(array), Is.EqualTo(untyped), context);

        var view = NdArrayView<T>.Parse(payload);
        Assert.That(view.Shape.SequenceEqual(shape), Is.True, context);
        Assert.That(MemoryMarshal.AsBytes(view.Data).SequenceEqual(bytes), Is.True, context);

        var reader = new MsgpackReader(WriteBin(array));
        Assert.That(NdArrayMsgpack.ReadNdArray<T>(ref reader), Is.EqualTo(array), context);

        // Big-endian payloads (compact and .npy) read to the same values.
        int unit = typeof(T) == typeof(Complex) ? 8 : itemSize;
        if (unit > 1)
        {
            string bigDType = ">" + dtype[1..];
            var bigBytes = Swap(bytes, unit);
            var bigPayload = Compact(bigDType, shape, bigBytes);
            Assert.That(NdArray<T>.Parse(bigPayload), Is.EqualTo(array), "big-endian " + context);
            Assert.That(NdArray.Parse(bigPayload).ToPayload(), Is.EqualTo(bigPayload), "big-endian " + context);
            Assert.That(NdArray<T>.Parse(Npy(bigDType, true, shape, ToFortran(bigBytes, shape, itemSize))), Is.EqualTo(array), "big-endian Fortran " + context);
        }

        // Legacy .npy in every version and both memory orders.
        int version = 1 + random.Next(3);
        Assert.That(NdArray<T>.Parse(Npy(dtype, false, shape, bytes, version)), Is.EqualTo(array), ".npy " + context);
        Assert.That(NdArray<T>.Parse(Npy(dtype, true, shape, ToFortran(bytes, shape, itemSize), version)), Is.EqualTo(array), "Fortran .npy " + context);
    }

    private static long[] RandomShape(Random random)
    {
        int rank = random.Next(10) switch
        {
            0 => 0,
            1 => 6 + random.Next(3),
            _ => 1 + random.Next(4),
        };
        var shape = new long[rank];
        long product = 1;
        for (int d = 0; d < rank; d++)
        {
            shape[d] = random.Next(20) == 0 ? 0 : 1 + random.Next(rank > 4 ? 3 : 7);
            product *= Math.Max(shape[d], 1);
        }

        return product > 5000 ? [product % 97] : shape;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
