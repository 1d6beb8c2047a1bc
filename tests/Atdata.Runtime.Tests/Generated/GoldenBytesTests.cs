using System.Text.Json;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Generated;

/// <summary>Generated serializers produce exactly the bytes msgpack-python writes, and read them back.</summary>
[TestFixture]
public sealed class GoldenBytesTests
{
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public void FixtureSample_matches_the_Python_fixture(int member)
    {
        byte[] expected = Vectors.Bytes($"fixture-{member}");
        var input = Vectors.Input($"fixture-{member}");
        var sample = new FixtureSample(input.GetProperty("id").GetInt64(), input.GetProperty("name").GetString()!, input.GetProperty("value").GetInt64());

        AssertGolden(sample, expected);
    }

    [Test]
    public void Primitives_match_byte_for_byte()
    {
        byte[] expected = Vectors.Bytes("primitives");
        var input = Vectors.Input("primitives");
        var sample = new Primitives
        {
            Text = input.GetProperty("text").GetString()!,
            Count = input.GetProperty("count").GetInt32(),
            Score = input.GetProperty("score").GetProperty("$float").GetDouble(),
            Flag = input.GetProperty("flag").GetBoolean(),
            Note = null,
            Blob = Vectors.TaggedBytes(input.GetProperty("blob")),
            Tags = input.GetProperty("tags").EnumerateArray().Select(e => e.GetString()!).ToList(),
            Extra = new Dictionary<string, long> { ["k"] = input.GetProperty("extra").GetProperty("k").GetInt64() },
        };

        Assert.That(sample.Pack(), Is.EqualTo(expected));

        var read = Primitives.Unpack(expected);
        Assert.Multiple(() =>
        {
            Assert.That(read.Text, Is.EqualTo("héllo"));
            Assert.That(read.Count, Is.EqualTo(-5));
            Assert.That(read.Score, Is.EqualTo(0.75));
            Assert.That(read.Flag, Is.True);
            Assert.That(read.Note, Is.Null);
            Assert.That(read.Blob, Is.EqualTo(new byte[] { 0x00, 0x01, 0xfe, 0xff }));
            Assert.That(read.Tags, Is.EqualTo(new[] { "a", "bb" }));
            Assert.That(read.Extra, Is.EqualTo(new Dictionary<string, long> { ["k"] = 1 }));
        });
    }

    [Test]
    public void Int_boundaries_use_the_smallest_form_and_unsigned_forms_for_non_negative_values()
    {
        byte[] expected = Vectors.Bytes("int-boundaries");
        var sample = new IntBoundaries(127, 128, 255, 256, 65535, 65536, 4294967295, 4294967296,
            -32, -33, -128, -129, -32768, -32769, -2147483648, -2147483649);

        AssertGolden(sample, expected);
    }

    [Test]
    public void Str_boundaries_use_fixstr_str8_and_str16()
    {
        byte[] expected = Vectors.Bytes("str-boundaries");
        var input = Vectors.Input("str-boundaries");
        var sample = new StrBoundaries(input.GetProperty("s31").GetString()!, input.GetProperty("s32").GetString()!, input.GetProperty("s256").GetString()!);

        AssertGolden(sample, expected);
    }

    [Test]
    public void NdArray_field_is_bin_holding_the_compact_payload()
    {
        byte[] expected = Vectors.Bytes("ndarray-f32");
        var sample = new ImageSample(new NdArray<float>([1.5f, -2.0f, 3.25f]), "cat");

        Assert.That(sample.Pack(), Is.EqualTo(expected));
        var read = ImageSample.Unpack(expected);
        Assert.That(read.Image.ToArray(), Is.EqualTo(new[] { 1.5f, -2.0f, 3.25f }));
        Assert.That(read.Image.Shape.ToArray(), Is.EqualTo(new long[] { 3 }));
        Assert.That(read.Label, Is.EqualTo("cat"));
        Assert.That(read, Is.EqualTo(sample));
    }

    [Test]
    public void Optional_ndarray_set_to_null_is_nil_with_the_key_kept()
    {
        byte[] expected = Vectors.Bytes("optional-ndarray-none");
        var sample = new OptionalImageSample(null, "dog");

        AssertGolden(sample, expected);
    }

    [Test]
    public void Integral_floats_are_always_float64()
    {
        byte[] expected = Vectors.Bytes("integral-float");
        var sample = new IntegralFloat(1.0, 0.0f);

        AssertGolden(sample, expected);
    }

    [Test]
    public void UInt64_max_and_Int64_min()
    {
        byte[] expected = Vectors.Bytes("uint64-max");
        var input = Vectors.Input("uint64-max");
        var sample = new UInt64Max(
            ulong.Parse(input.GetProperty("big").GetProperty("$bigint").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            long.Parse(input.GetProperty("neg").GetProperty("$bigint").GetString()!, System.Globalization.CultureInfo.InvariantCulture));

        Assert.That(sample, Is.EqualTo(new UInt64Max(ulong.MaxValue, long.MinValue)));
        AssertGolden(sample, expected);
    }

    /// <summary>The sample packs to exactly <paramref name="expected"/>, and those bytes unpack to an equal sample.</summary>
    private static void AssertGolden<T>(T sample, byte[] expected)
        where T : IPackable<T>
    {
        Assert.That(Packer.Pack(sample), Is.EqualTo(expected));
        Assert.That(Packer.Unpack<T>(expected), Is.EqualTo(sample));
    }

    [Test]
    public void Every_vector_input_is_a_json_object()
    {
        // Guards the loader itself: a vector file that moved or changed shape fails here first.
        Assert.That(Vectors.Input("fixture-0").ValueKind, Is.EqualTo(JsonValueKind.Object));
    }
}
