using System.Numerics;
using System.Numerics.Tensors;
using static Atdata.Runtime.Tests.Arrays.ArrayTestSupport;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Arrays;

/// <summary>The <see cref="NdArray{T}"/>, <see cref="NdArray"/> and <see cref="NdArrayDType"/> surface.</summary>
[TestFixture]
public sealed class NdArrayApiTests
{
    [Test]
    public void ShapeRankLengthAndIndexers()
    {
        var array = new NdArray<int>(Enumerable.Range(0, 24).ToArray(), 2, 3, 4);
        Assert.Multiple(() =>
        {
            Assert.That(array.Shape.ToArray(), Is.EqualTo(new long[] { 2, 3, 4 }));
            Assert.That(array.Rank, Is.EqualTo(3));
            Assert.That(array.Length, Is.EqualTo(24));
            Assert.That(array[1, 2, 3], Is.EqualTo(23));
            Assert.That(array[0, 1, 2], Is.EqualTo(6));
            Assert.That(array[13], Is.EqualTo(13), "a single index is flat, whatever the rank");
            Assert.That(array.Span.Length, Is.EqualTo(24));
            Assert.That(array.Memory.Length, Is.EqualTo(24));
            Assert.That(NdArray<int>.DType, Is.EqualTo("<i4"));
            Assert.That(array.ToString(), Is.EqualTo("NdArray<Int32>(2, 3, 4)"));
        });

        array[1, 0, 0] = -1;
        array[0]++;
        Assert.That(array.Span[12], Is.EqualTo(-1));
        Assert.That(array.Span[0], Is.EqualTo(1));

        Assert.Throws<ArgumentOutOfRangeException>(() => _ = array[24]);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = array[-1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = array[2, 0, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = array[0, -1, 0]);
        Assert.Throws<ArgumentException>(() => _ = array[0, 0]);
    }

    [Test]
    public void ConstructorsValidateTheShape()
    {
        Assert.Throws<ArgumentException>(() => _ = new NdArray<float>(new float[6], 2, 2));
        Assert.Throws<ArgumentException>(() => _ = new NdArray<float>(new float[6], -2, -3));
        Assert.Throws<ArgumentException>(() => _ = new NdArray<float>(new float[6], -1, 6 * -1));
        Assert.Throws<ArgumentException>(() => _ = new NdArray<float>(new float[1], Enumerable.Repeat(1L, 33).ToArray()));
        Assert.Throws<ArgumentException>(() => _ = NdArray<float>.Zeros(1L << 40, 1L << 40));
        Assert.Throws<ArgumentNullException>(() => _ = new NdArray<float>((float[])null!));
        Assert.Throws<NotSupportedException>(() => _ = new NdArray<char>(new char[1]));
        Assert.Throws<NotSupportedException>(() => _ = NdArray<decimal>.Zeros(1));
    }

    [Test]
    public void ScalarsAndEmptyArrays()
    {
        var scalar = NdArray<long>.Scalar(7);
        Assert.Multiple(() =>
        {
            Assert.That(scalar.Rank, Is.Zero);
            Assert.That(scalar.Shape.IsEmpty, Is.True);
            Assert.That(scalar.Length, Is.EqualTo(1));
            Assert.That(scalar[0], Is.EqualTo(7));
            Assert.That(ToHex(scalar.ToPayload()), Is.EqualTo("033c6938000700000000000000"));
        });

        var empty = NdArray<float>.Zeros(2, 0, 5);
        Assert.Multiple(() =>
        {
            Assert.That(empty.Length, Is.Zero);
            Assert.That(empty.Rank, Is.EqualTo(3));
            Assert.That(NdArray<float>.Parse(empty.ToPayload()).Shape.ToArray(), Is.EqualTo(new long[] { 2, 0, 5 }));
            Assert.That(NdArray.Parse(empty.ToPayload()).Length, Is.Zero);
        });

        // A zero dimension makes the product 0 even when the others are huge (numpy allows it too).
        var wide = NdArray<double>.Parse(Compact("<f8", [0, 1L << 40, 1L << 40], []));
        Assert.That(wide.Length, Is.Zero);
        Assert.Throws<InvalidOperationException>(() => wide.To3D());
    }

    [Test]
    public void ReshapeSharesStorageAndNeverInfers()
    {
        var array = new NdArray<double>([1, 2, 3, 4, 5, 6]);
        var matrix = array.Reshape(2, 3);
        Assert.That(matrix.Shape.ToArray(), Is.EqualTo(new long[] { 2, 3 }));
        matrix[1, 2] = 60;
        Assert.That(array[5], Is.EqualTo(60));

        Assert.That(array.Reshape(6).Rank, Is.EqualTo(1));
        Assert.That(NdArray<double>.Scalar(1).Reshape(1, 1, 1).Rank, Is.EqualTo(3));
        Assert.That(new NdArray<double>([5]).Reshape().Rank, Is.Zero);
        Assert.Throws<ArgumentException>(() => array.Reshape(-1));
        Assert.Throws<ArgumentException>(() => array.Reshape(2, -1));
        Assert.Throws<ArgumentException>(() => array.Reshape(4, 2));
    }

    [Test]
    public void ConversionsToAndFromManagedArrays()
    {
        float[] flat = [1, 2, 3];
        NdArray<float> wrapped = flat;
        flat[0] = 10;
        Assert.That(wrapped[0], Is.EqualTo(10f), "wrapping a T[] does not copy");
        Assert.That(wrapped.ToArray(), Is.Not.SameAs(flat));

        var grid = new int[,] { { 1, 2, 3 }, { 4, 5, 6 } };
        var fromGrid = NdArray<int>.FromArray(grid);
        Assert.That(fromGrid.Shape.ToArray(), Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(fromGrid[1, 0], Is.EqualTo(4));
        Assert.That(fromGrid.To2D(), Is.EqualTo(grid));

        var cube = new byte[2, 3, 4];
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                for (int k = 0; k < 4; k++)
                {
                    cube[i, j, k] = (byte)((i * 100) + (j * 10) + k);
                }
            }
        }

        var fromCube = NdArray<byte>.FromArray(cube);
        Assert.That(fromCube[1, 2, 3], Is.EqualTo(123));
        Assert.That(fromCube.To3D(), Is.EqualTo(cube));
        Assert.Throws<InvalidOperationException>(() => fromCube.To2D());
        Assert.Throws<InvalidOperationException>(() => fromGrid.To3D());
    }

    [Test]
    public void TensorConversions()
    {
        var array = new NdArray<float>([1, 2, 3, 4, 5, 6], 2, 3);
        var tensor = array.ToTensor();
        Assert.That(tensor.Lengths.ToArray(), Is.EqualTo(new nint[] { 2, 3 }));
        Assert.That(tensor[1, 2], Is.EqualTo(6f));
        tensor[0, 0] = 100;
        Assert.That(array[0], Is.EqualTo(1f), "ToTensor copies");

        var span = array.AsTensorSpan();
        span[1, 1] = 50;
        Assert.That(array[1, 1], Is.EqualTo(50f), "AsTensorSpan does not copy");

        var back = NdArray<float>.FromTensor(tensor);
        Assert.That(back.Shape.ToArray(), Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(back.ToArray(), Is.EqualTo(new float[] { 100, 2, 3, 4, 5, 6 }));

        // A strided slice (column 1 of every row) is flattened in row-major order.
        var column = tensor.Slice([System.Buffers.NRange.All, new System.Buffers.NRange(1, 2)]);
        var fromSlice = NdArray<float>.FromTensor(column);
        Assert.That(fromSlice.Shape.ToArray(), Is.EqualTo(new long[] { 2, 1 }));
        Assert.That(fromSlice.ToArray(), Is.EqualTo(new float[] { 2, 5 }));

        var emptyTensor = NdArray<int>.Zeros(2, 0).ToTensor();
        Assert.That(emptyTensor.Lengths.ToArray(), Is.EqualTo(new nint[] { 2, 0 }));
        Assert.That(NdArray<int>.FromTensor(emptyTensor).Shape.ToArray(), Is.EqualTo(new long[] { 2, 0 }));

        var scalarTensor = NdArray<double>.Scalar(3).ToTensor();
        Assert.That(scalarTensor.FlattenedLength, Is.EqualTo((nint)1));
        Assert.That(NdArray<Complex>.FromTensor(Tensor.Create(new Complex[] { new(1, 2) }, [1])).ToArray(), Is.EqualTo(new[] { new Complex(1, 2) }));
    }

    [Test]
    public void EqualityIsByShapeAndBytes()
    {
        var a = new NdArray<double>([1, double.NaN], 2);
        var b = new NdArray<double>([1, double.NaN], 2);
        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(b));
            Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
            Assert.That(a, Is.Not.EqualTo(b.Reshape(2, 1)));
            Assert.That(new NdArray<double>([0.0]), Is.Not.EqualTo(new NdArray<double>([-0.0])));
            Assert.That(NdArray.From(a), Is.EqualTo(NdArray.From(b)));
            Assert.That(a.Equals((object?)"text"), Is.False);
            Assert.That(a.Equals((NdArray<double>?)null), Is.False);
        });
    }

    [Test]
    public void EveryElementTypeHasItsDType()
    {
        Assert.Multiple(() =>
        {
            Assert.That(NdArray<bool>.DType, Is.EqualTo("|b1"));
            Assert.That(NdArray<sbyte>.DType, Is.EqualTo("|i1"));
            Assert.That(NdArray<byte>.DType, Is.EqualTo("|u1"));
            Assert.That(NdArray<short>.DType, Is.EqualTo("<i2"));
            Assert.That(NdArray<ushort>.DType, Is.EqualTo("<u2"));
            Assert.That(NdArray<int>.DType, Is.EqualTo("<i4"));
            Assert.That(NdArray<uint>.DType, Is.EqualTo("<u4"));
            Assert.That(NdArray<long>.DType, Is.EqualTo("<i8"));
            Assert.That(NdArray<ulong>.DType, Is.EqualTo("<u8"));
            Assert.That(NdArray<Half>.DType, Is.EqualTo("<f2"));
            Assert.That(NdArray<float>.DType, Is.EqualTo("<f4"));
            Assert.That(NdArray<double>.DType, Is.EqualTo("<f8"));
            Assert.That(NdArray<Complex>.DType, Is.EqualTo("<c16"));
            Assert.Throws<NotSupportedException>(() => _ = NdArray<char>.DType);
        });
    }

    [TestCase("<f4", '<', 'f', 4, "float32")]
    [TestCase(">f8", '>', 'f', 8, "float64")]
    [TestCase("<f2", '<', 'f', 2, "float16")]
    [TestCase("|b1", '|', 'b', 1, "bool")]
    [TestCase("|u1", '|', 'u', 1, "uint8")]
    [TestCase("<i8", '<', 'i', 8, "int64")]
    [TestCase(">u2", '>', 'u', 2, "uint16")]
    [TestCase("<c8", '<', 'c', 8, "complex64")]
    [TestCase("<c16", '<', 'c', 16, "complex128")]
    [TestCase("<f16", '<', 'f', 16, "float128")]
    [TestCase("|S3", '|', 'S', 3, "|S3")]
    [TestCase("<U5", '<', 'U', 20, "<U5")]
    [TestCase(">U1", '>', 'U', 4, ">U1")]
    [TestCase("|V16", '|', 'V', 16, "|V16")]
    [TestCase("=f4", '<', 'f', 4, "float32")]
    [TestCase("=u1", '|', 'u', 1, "uint8")]
    public void DTypesParse(string text, char order, char kind, int itemSize, string schemaName)
    {
        Assert.That(NdArrayDType.TryParse(text, out var dtype), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(dtype.Text, Is.EqualTo(text));
            Assert.That(dtype.ByteOrder, Is.EqualTo(order));
            Assert.That(dtype.Kind, Is.EqualTo(kind));
            Assert.That(dtype.ItemSize, Is.EqualTo(itemSize));
            Assert.That(dtype.SchemaName, Is.EqualTo(schemaName));
            Assert.That(dtype.ToString(), Is.EqualTo(text));
        });
    }

    [TestCase(">f8", true)]
    [TestCase(">c16", true)]
    [TestCase(">U2", true)]
    [TestCase(">i1", false)]
    [TestCase(">b1", false)]
    [TestCase(">S4", false)]
    [TestCase(">V4", false)]
    [TestCase("<f8", false)]
    [TestCase("|i4", false)]
    public void BigEndianMeansThereIsSomethingToSwap(string text, bool bigEndian)
    {
        Assert.That(NdArrayDType.TryParse(text, out var dtype), Is.True);
        Assert.That(dtype.IsBigEndian, Is.EqualTo(bigEndian));
    }

    [TestCase("")]
    [TestCase("<")]
    [TestCase("<f")]
    [TestCase("|O8")]
    [TestCase("<M8[ns]")]
    [TestCase("<f5")]
    [TestCase("#f4")]
    [TestCase("<f4 ")]
    [TestCase("<S-1")]
    [TestCase("<S99999999999")]
    public void DTypesRefused(string text) => Assert.That(NdArrayDType.TryParse(text, out _), Is.False);

    [Test]
    public void UntypedArrayApi()
    {
        var data = new byte[] { 0, 0, 0x80, 0x3f, 0, 0, 0, 0x40 };
        var array = new NdArray("<f4", data, 2, 1);
        Assert.Multiple(() =>
        {
            Assert.That(array.DType.Text, Is.EqualTo("<f4"));
            Assert.That(array.Shape.ToArray(), Is.EqualTo(new long[] { 2, 1 }));
            Assert.That(array.Rank, Is.EqualTo(2));
            Assert.That(array.Length, Is.EqualTo(2));
            Assert.That(array.Data.ToArray(), Is.EqualTo(data));
            Assert.That(array.CanConvertTo<float>(), Is.True);
            Assert.That(array.CanConvertTo<int>(), Is.False);
            Assert.That(array.As<float>().ToArray(), Is.EqualTo(new float[] { 1, 2 }));
            Assert.That(array.ToString(), Is.EqualTo("NdArray('<f4', (2, 1))"));
            Assert.That(NdArray.Parse(array.ToPayload()), Is.EqualTo(array));
        });

        Assert.Throws<InvalidCastException>(() => array.As<int>());
        Assert.Throws<ArgumentException>(() => _ = new NdArray("<f4", data, 3));
        Assert.Throws<ArgumentException>(() => _ = new NdArray("|O8", data, 1));
        Assert.Throws<ArgumentException>(() => _ = new NdArray("<f4", data, -2));

        using var pooled = array.As<float>(NdArrayAllocation.Pooled);
        Assert.That(pooled.IsPooled, Is.True);
        Assert.That(pooled.ToArray(), Is.EqualTo(new float[] { 1, 2 }));

        var typed = new NdArray<short>([1, -2, 3], 3, 1);
        var fromTyped = NdArray.From(typed);
        Assert.That(fromTyped.DType.Text, Is.EqualTo("<i2"));
        Assert.That(fromTyped.Shape.ToArray(), Is.EqualTo(new long[] { 3, 1 }));
        Assert.That(fromTyped.ToPayload(), Is.EqualTo(typed.ToPayload()));
        Assert.That(fromTyped.As<short>(), Is.EqualTo(typed));
    }

    [Test]
    public void BigEndianUntypedConvertsForEveryWidth()
    {
        Check<short>(">i2", [1, -2, short.MaxValue]);
        Check<ushort>(">u2", [1, 2, ushort.MaxValue]);
        Check<int>(">i4", [1, -2, int.MinValue]);
        Check<uint>(">u4", [1, 2, uint.MaxValue]);
        Check<long>(">i8", [1, -2, long.MinValue]);
        Check<ulong>(">u8", [1, 2, ulong.MaxValue]);
        Check<Half>(">f2", [(Half)1.5f, (Half)(-2f), Half.MaxValue]);
        Check<float>(">f4", [1.5f, float.NegativeInfinity, float.Epsilon]);
        Check<double>(">f8", [1.5, -2, double.MaxValue]);
        Check<Complex>(">c16", [new Complex(1, -1), Complex.ImaginaryOne, Complex.Zero]);
        Check<sbyte>(">i1", [1, -2, sbyte.MinValue]);

        static void Check<T>(string dtype, T[] values)
            where T : unmanaged
        {
            var little = new NdArray<T>(values);
            int unit = dtype[1] == 'c' ? 8 : System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
            var bigEndian = Swap(little.ToPayload()[(1 + dtype.Length + 1 + 8)..], unit);
            var payload = Compact(dtype, [values.Length], bigEndian);
            Assert.That(NdArray<T>.Parse(payload).ToArray(), Is.EqualTo(values), dtype);
            var untyped = NdArray.Parse(payload);
            Assert.That(untyped.As<T>().ToArray(), Is.EqualTo(values), dtype);
            Assert.That(untyped.ToPayload(), Is.EqualTo(payload), dtype);
        }
    }

    [Test]
    public void BoolBytesOtherThanZeroAndOneAreNormalizedWhenTyped()
    {
        // numpy treats any non-zero byte of a '|b1' array as True; a .NET bool must hold 0 or 1.
        var raw = new byte[] { 0, 1, 2, 255, 0, 128 };
        var bytes = Enumerable.Repeat(raw, 20).SelectMany(b => b).ToArray(); // long enough for the vector path
        var payload = Compact("|b1", [bytes.Length], bytes);

        var typed = NdArray<bool>.Parse(payload);
        Assert.That(typed.ToArray(), Is.EqualTo(bytes.Select(b => b != 0).ToArray()));
        Assert.That(typed.Span.ToArray().Count(b => b), Is.EqualTo(bytes.Count(b => b != 0)));
        Assert.That(System.Runtime.InteropServices.MemoryMarshal.AsBytes(typed.Span).ToArray().All(b => b <= 1), Is.True);

        var untyped = NdArray.Parse(payload);
        Assert.That(untyped.Data.ToArray(), Is.EqualTo(bytes), "the untyped array keeps the bytes, so it re-writes them exactly");
        Assert.That(untyped.ToPayload(), Is.EqualTo(payload));
        Assert.That(untyped.As<bool>(), Is.EqualTo(typed));

        Assert.That(NdArrayView<bool>.TryParse(payload, out _), Is.False);
        Assert.Throws<NotSupportedException>(() => NdArrayView<bool>.Parse(payload));
        Assert.That(NdArrayView<bool>.Parse(typed.ToPayload()).ToArray(), Is.EqualTo(typed.ToArray()));
    }
}
