using Atdata.Runtime.Tests.Infrastructure;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Dynamic;

/// <summary>Every vector of msgpack_samples.json, through <see cref="DynamicSample"/>, byte for byte in both directions.</summary>
public class DynamicSampleVectorTests
{
    public static IEnumerable<TestCaseData> Vectors()
        => TestVectors.MsgpackSamples().Select(v => new TestCaseData(v.Id).SetName($"MsgpackVector_{v.Id}"));

    [TestCaseSource(nameof(Vectors))]
    public void Decodes_to_the_tagged_input(string id)
    {
        var (_, input, bytes) = TestVectors.MsgpackSamples().Single(v => v.Id == id);
        var decoded = DynamicSample.Unpack(bytes);
        DynamicAssert.AreEqual(TaggedJson.ToSample(input), decoded);
    }

    [TestCaseSource(nameof(Vectors))]
    public void Packing_the_tagged_input_gives_the_python_bytes(string id)
    {
        var (_, input, bytes) = TestVectors.MsgpackSamples().Single(v => v.Id == id);
        Assert.That(Convert.ToHexString(TaggedJson.ToSample(input).Pack()), Is.EqualTo(Convert.ToHexString(bytes)));
    }

    [TestCaseSource(nameof(Vectors))]
    public void Repacking_a_python_map_gives_identical_bytes(string id)
    {
        var (_, _, bytes) = TestVectors.MsgpackSamples().Single(v => v.Id == id);
        Assert.That(DynamicSample.Unpack(bytes).Pack(), Is.EqualTo(bytes));
    }

    [Test]
    public void Array_fields_stay_bytes_and_parse_on_request()
    {
        var (_, _, bytes) = TestVectors.MsgpackSamples().Single(v => v.Id == "ndarray-f32");
        var sample = DynamicSample.Unpack(bytes);
        Assert.That(sample["image"], Is.InstanceOf<byte[]>());
        var image = sample.GetArray<float>("image");
        Assert.That(image.Shape.ToArray(), Is.EqualTo(new long[] { 3 }));
        Assert.That(image.ToArray(), Is.EqualTo(new[] { 1.5f, -2.0f, 3.25f }));
        Assert.That(sample.GetArray("image").DType.Text, Is.EqualTo("<f4"));
        Assert.That(sample["label"], Is.EqualTo("cat"));
    }

    [Test]
    public void Large_unsigned_values_stay_unsigned()
    {
        var (_, _, bytes) = TestVectors.MsgpackSamples().Single(v => v.Id == "uint64-max");
        var sample = DynamicSample.Unpack(bytes);
        Assert.That(sample["big"], Is.EqualTo(ulong.MaxValue));
        Assert.That(sample["neg"], Is.EqualTo(long.MinValue));
    }
}
