using System.Text;
using Atdata.Runtime.Tests.Infrastructure;
using CsCheck;
using NUnit.Framework;

namespace Atdata.Reliability.Tests.Properties;

/// <summary>Generated samples (scalars, nullables, lists, bytes, any Unicode text, NdArrays of several dtypes and shapes) and DynamicSample values survive pack → unpack → pack unchanged.</summary>
[TestFixture]
[Category("Property")]
public sealed class RoundTripProperties
{
    private const long Iterations = 2_000;

    /// <summary>Strings of any Unicode scalar values (astral planes included, no lone surrogates: those are not UTF-8).</summary>
    private static readonly Gen<string> s_text = Gen.Int[0, 0x10FFFF].Where(c => c is < 0xD800 or > 0xDFFF).Array[0, 24]
        .Select(cs => string.Concat(cs.Select(c => new Rune(c).ToString())));

    private static readonly Gen<byte[]> s_bytes = Gen.Byte.Array[0, 64];

    private static readonly Gen<long[]> s_shape = Gen.Long[0, 4].Array[0, 3];

    [Test]
    public void Scalars_round_trip()
    {
        var gen = Gen.Select(Gen.Long, Gen.Int, Gen.Double, Gen.Float, Gen.Bool, s_text, s_bytes, Gen.Select(Gen.Long, Gen.Bool, (v, b) => b ? v : (long?)null))
            .Select(Gen.Select(s_text, Gen.Bool), (t, m) => new PropScalars(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6, t.Item7, t.Item8, m.Item2 ? m.Item1 : null));
        gen.Sample(value =>
        {
            var back = RoundTrip(value);
            Assert.That(back.Text, Is.EqualTo(value.Text));
            Assert.That(back.MaybeText, Is.EqualTo(value.MaybeText));
            Assert.That(back.MaybeId, Is.EqualTo(value.MaybeId));
            Assert.That(back.Blob, Is.EqualTo(value.Blob));
        }, iter: Iterations, threads: 1, seed: FuzzBudget.Seed, print: Print);
    }

    [Test]
    public void Lists_round_trip()
    {
        var gen = Gen.Select(s_text.List[0, 8], Gen.Long.List[0, 8], s_bytes.List[0, 4], Gen.Double.List[0, 4], Gen.Bool,
            (tags, numbers, chunks, weights, hasWeights) => new PropCollections(tags, numbers, chunks, hasWeights ? weights : null));
        gen.Sample(value =>
        {
            var back = RoundTrip(value);
            Assert.That(back.Tags, Is.EqualTo(value.Tags));
            Assert.That(back.Numbers, Is.EqualTo(value.Numbers));
            Assert.That(back.Weights is null, Is.EqualTo(value.Weights is null));
        }, iter: Iterations, threads: 1, seed: FuzzBudget.Seed, print: Print);
    }

    [Test]
    public void NdArrays_of_several_dtypes_and_shapes_round_trip()
    {
        var gen = Gen.Select(s_shape, s_shape, s_shape, Gen.Int, Gen.Bool, (a, b, c, seed, extra) => Arrays(a, b, c, seed, extra));
        gen.Sample(value =>
        {
            var back = RoundTrip(value);
            Assert.That(back.Image, Is.EqualTo(value.Image));
            Assert.That(back.Matrix, Is.EqualTo(value.Matrix));
            Assert.That(back.Labels, Is.EqualTo(value.Labels));
            Assert.That(back.Mask, Is.EqualTo(value.Mask));
            Assert.That(back.Extra, Is.EqualTo(value.Extra));
        }, iter: Iterations / 4, threads: 1, seed: FuzzBudget.Seed, print: Print);
    }

    [Test]
    public void DynamicSamples_round_trip()
    {
        var leaf = Gen.OneOf<object?>(Gen.Long.Select(v => (object?)v), Gen.Double.Select(v => (object?)v), Gen.Bool.Select(v => (object?)v),
            s_text.Select(v => (object?)v), s_bytes.Select(v => (object?)v), Gen.Bool.Select(_ => (object?)null));
        var list = leaf.Array[0, 5].Select(items => (object?)items);
        var inner = Gen.Select(s_text.Array[0, 4], leaf.Array[4], (keys, values) => (object?)Map(keys, values));
        var value = Gen.OneOf(leaf, list, inner);
        var gen = Gen.Select(s_text.Array[0, 8], value.Array[8], (keys, values) => Map(keys, values));
        gen.Sample(sample =>
        {
            byte[] packed = sample.Pack();
            var back = DynamicSample.Unpack(packed);
            DynamicAssert.AreEqual(sample, back);
            Assert.That(back.Pack(), Is.EqualTo(packed));
        }, iter: Iterations, threads: 1, seed: FuzzBudget.Seed, print: s => Convert.ToHexString(s.Pack()));
    }

    /// <summary>A fixed array sample, also a mutation seed.</summary>
    internal static PropArrays ExampleArrays() => Arrays([2, 3], [3, 1], [4], 7, extra: true);

    private static PropArrays Arrays(long[] a, long[] b, long[] c, int seed, bool extra)
    {
        var random = new Random(seed);
        return new PropArrays(
            new NdArray<float>(Fill(a, _ => (float)random.NextDouble()), a),
            new NdArray<double>(Fill(b, _ => random.NextDouble() * 1e300), b),
            new NdArray<int>(Fill(c, _ => random.Next(int.MinValue, int.MaxValue)), c),
            new NdArray<byte>(Fill([.. a, 2], _ => (byte)random.Next(256)), [.. a, 2]),
            extra ? new NdArray<long>(Fill(c, _ => random.NextInt64()), c) : null);
    }

    private static T[] Fill<T>(long[] shape, Func<int, T> value)
        => Enumerable.Range(0, (int)shape.Aggregate(1L, (p, d) => p * d)).Select(value).ToArray();

    private static DynamicSample Map(string[] keys, object?[] values)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (int i = 0; i < keys.Length; i++)
        {
            fields.TryAdd(keys[i], values[i]);
        }

        return new DynamicSample(fields);
    }

    /// <summary>Pack, unpack, pack: the second encoding must equal the first byte for byte.</summary>
    private static T RoundTrip<T>(T value)
        where T : IPackable<T>
    {
        byte[] packed = Packer.Pack(value);
        var back = Packer.Unpack<T>(packed);
        Assert.That(Packer.Pack(back), Is.EqualTo(packed), "re-encoding differs");
        return back;
    }

    private static string Print<T>(T value)
        where T : IPackable<T> => Convert.ToHexString(Packer.Pack(value));
}
