using System.Numerics;
using System.Runtime.InteropServices;
using static Atdata.Runtime.Tests.Arrays.ArrayTestSupport;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Arrays;

/// <summary>Legacy <c>.npy</c> payloads built by hand: versions 1.0/2.0/3.0, Fortran order, big-endian, odd dtypes.</summary>
[TestFixture]
public sealed class NpyPayloadTests
{
    private static readonly float[] s_sixFloats = [1, 2, 3, 4, 5, 6];

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void EveryVersionDecodes(int major)
    {
        var payload = Npy("<f4", fortranOrder: false, [2, 3], Bytes(s_sixFloats), major);
        Assert.That(payload[6], Is.EqualTo(major));
        Assert.That((payload.Length - 24) % 64, Is.Zero, "the builder aligns data to 64 bytes as numpy does");

        var array = NdArray<float>.Parse(payload);
        Assert.That(array.Shape.ToArray(), Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(array.ToArray(), Is.EqualTo(s_sixFloats));
        Assert.That(NdArray.Parse(payload).ToPayload(), Is.EqualTo(new NdArray<float>(s_sixFloats, 2, 3).ToPayload()));
    }

    [Test]
    public void Version3HeaderMayHoldUtf8AroundTheDict()
    {
        // Version 3 exists for UTF-8 headers; the grammar itself is ASCII, so only whitespace may surround it.
        var payload = Npy(NpyDict("<i4", false, [2]) + "   \n  ", Bytes(new[] { 7, -8 }), major: 3, pad: false);
        Assert.That(NdArray<int>.Parse(payload).ToArray(), Is.EqualTo(new[] { 7, -8 }));
    }

    [Test]
    public void DoubleQuotedKeysAndNoTrailingCommaAreAccepted()
    {
        var payload = Npy("{\"descr\": \"<f4\", \"shape\": (2, 3), \"fortran_order\": False}", Bytes(s_sixFloats));
        Assert.That(NdArray<float>.Parse(payload).ToArray(), Is.EqualTo(s_sixFloats));
    }

    [Test]
    public void Python2LongSuffixIsAccepted()
    {
        var payload = Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L), }", Bytes(s_sixFloats));
        Assert.That(NdArray<float>.Parse(payload).Shape.ToArray(), Is.EqualTo(new long[] { 2, 3 }));
    }

    [Test]
    public void FortranOrderIsTransposedToCOrder()
    {
        // C order [[1,2,3],[4,5,6]] is stored column-major as 1,4,2,5,3,6.
        var fortran = Bytes(new float[] { 1, 4, 2, 5, 3, 6 });
        Assert.That(ToFortran(Bytes(s_sixFloats), [2, 3], 4), Is.EqualTo(fortran));
        var payload = Npy("<f4", fortranOrder: true, [2, 3], fortran);

        var typed = NdArray<float>.Parse(payload);
        Assert.That(typed.ToArray(), Is.EqualTo(s_sixFloats));
        Assert.That(typed[1, 0], Is.EqualTo(4f));

        // The untyped array is reordered too, so it writes the compact C-order payload Python would.
        var untyped = NdArray.Parse(payload);
        Assert.That(untyped.ToPayload(), Is.EqualTo(typed.ToPayload()));
    }

    [Test]
    public void FortranOrderInThreeDimensionsForEveryItemSize()
    {
        long[] shape = [2, 3, 4];
        foreach (int itemSize in new[] { 1, 2, 4, 8, 16, 3, 20 })
        {
            var cOrder = Enumerable.Range(0, 24 * itemSize).Select(i => (byte)(i * 7)).ToArray();
            string descr = itemSize switch
            {
                1 => "|u1",
                2 => "<i2",
                4 => "<f4",
                8 => "<f8",
                16 => "<c16",
                3 => "|S3",
                _ => "<U5",
            };
            var untyped = NdArray.Parse(Npy(descr, fortranOrder: true, shape, ToFortran(cOrder, shape, itemSize)));
            Assert.That(untyped.Data.ToArray(), Is.EqualTo(cOrder), descr);
            Assert.That(untyped.DType.ItemSize, Is.EqualTo(itemSize), descr);
        }
    }

    [Test]
    public void FortranOrderOneDimensionalAndEmptyArraysNeedNoTranspose()
    {
        Assert.That(NdArray<float>.Parse(Npy("<f4", true, [3], Bytes(new float[] { 1, 2, 3 }))).ToArray(), Is.EqualTo(new float[] { 1, 2, 3 }));
        Assert.That(NdArray<float>.Parse(Npy("<f4", true, [0, 3], [])).Shape.ToArray(), Is.EqualTo(new long[] { 0, 3 }));
        Assert.That(NdArray<float>.Parse(Npy("<f4", true, [], Bytes(new float[] { 9 }))).ToArray(), Is.EqualTo(new float[] { 9 }));
    }

    [Test]
    public void BigEndianFortranIsSwappedAndTransposed()
    {
        var cOrder = Bytes(new int[] { 1, 2, 3, 4, 5, 6 });
        var payload = Npy(">i4", fortranOrder: true, [3, 2], Swap(ToFortran(cOrder, [3, 2], 4), 4), major: 2);
        var typed = NdArray<int>.Parse(payload);
        Assert.That(typed.ToArray(), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6 }));

        var untyped = NdArray.Parse(payload);
        Assert.That(untyped.DType.Text, Is.EqualTo(">i4"));
        Assert.That(untyped.Data.ToArray(), Is.EqualTo(Swap(cOrder, 4)), "untyped keeps big-endian bytes, in C order");
        Assert.That(untyped.As<int>().ToArray(), Is.EqualTo(typed.ToArray()));
    }

    [Test]
    public void ComplexBigEndianSwapsEachHalf()
    {
        var values = new[] { new Complex(1.5, -2.25), new Complex(-0.0, 1e300) };
        var bigEndian = Swap(MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), 8);
        Assert.That(NdArray<Complex>.Parse(Npy(">c16", false, [2], bigEndian)).ToArray(), Is.EqualTo(values));
        Assert.That(NdArray<Complex>.Parse(Compact(">c16", [2], bigEndian)).ToArray(), Is.EqualTo(values));
    }

    [Test]
    public void NpyHeaderOfExactlyTheMaximumLengthIsAccepted()
    {
        var dict = NpyDict("<f4", false, [1]);
        var payload = Npy(dict + new string(' ', 16_384 - dict.Length - 1), Bytes(new float[] { 2 }), major: 2, pad: false);
        Assert.That(NdArray<float>.Parse(payload)[0], Is.EqualTo(2f));
    }

    [Test]
    public void StringAndVoidDTypesAreKeptUntyped()
    {
        var bytes = "abcdefghi"u8.ToArray();
        var s3 = NdArray.Parse(Npy("|S3", false, [3], bytes));
        Assert.That(s3.DType.Kind, Is.EqualTo('S'));
        Assert.That(s3.DType.ItemSize, Is.EqualTo(3));
        Assert.That(s3.ToPayload(), Is.EqualTo(Compact("|S3", [3], bytes)));

        var unicode = new byte[40];
        unicode[0] = (byte)'h';
        unicode[20] = (byte)'i';
        var u5 = NdArray.Parse(Npy("<U5", false, [2], unicode));
        Assert.That(u5.DType.ItemSize, Is.EqualTo(20));
        Assert.That(u5.Length, Is.EqualTo(2));
        Assert.That(u5.CanConvertTo<int>(), Is.False);

        var v8 = NdArray.Parse(Npy("|V8", false, [1], new byte[8]));
        Assert.That(v8.DType.Kind, Is.EqualTo('V'));
    }

    private static byte[] Bytes<T>(T[] values)
        where T : unmanaged
        => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
}
