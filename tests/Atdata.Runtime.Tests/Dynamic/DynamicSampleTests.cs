using NUnit.Framework;

namespace Atdata.Runtime.Tests.Dynamic;

public class DynamicSampleTests
{
    [Test]
    public void Builds_from_pairs_and_normalizes_numeric_kinds()
    {
        var sample = new DynamicSample(new Dictionary<string, object?>
        {
            ["i"] = 5,
            ["f"] = 0.5f,
            ["u"] = 7UL,
            ["list"] = new object?[] { 1, "x", null },
            ["map"] = new Dictionary<string, object?> { ["k"] = (short)1 },
        });

        Assert.That(sample["i"], Is.EqualTo(5L));
        Assert.That(sample["f"], Is.EqualTo(0.5d));
        Assert.That(sample["u"], Is.EqualTo(7L));
        Assert.That(sample["list"], Is.EqualTo(new object?[] { 1L, "x", null }));
        Assert.That(((DynamicSample)sample["map"]!)["k"], Is.EqualTo(1L));
    }

    [Test]
    public void Rejects_unsupported_values_and_repeated_keys()
    {
        Assert.Throws<ArgumentException>(() => _ = new DynamicSample([new("when", DateTime.UnixEpoch)]));
        Assert.Throws<ArgumentException>(() => _ = new DynamicSample([new("a", 1), new("a", 2)]));
    }

    [Test]
    public void Lookup_by_key_works_for_small_and_large_maps()
    {
        foreach (int count in new[] { 3, 40 })
        {
            var sample = new DynamicSample(Enumerable.Range(0, count).Select(i => new KeyValuePair<string, object?>($"k{i}", i)));
            Assert.That(sample.Count, Is.EqualTo(count));
            Assert.That(sample[$"k{count - 1}"], Is.EqualTo((long)(count - 1)));
            Assert.That(sample.TryGetValue("missing", out _), Is.False);
            Assert.That(sample.TryGet<long>("k0", out long zero) && zero == 0, Is.True);
            Assert.That(sample.TryGet<string>("k0", out _), Is.False);
            Assert.Throws<KeyNotFoundException>(() => _ = sample["missing"]);
        }
    }

    [Test]
    public void NdArray_values_are_written_as_compact_payloads()
    {
        var array = NdArray.From(new NdArray<float>([1.5f, -2.0f, 3.25f]));
        var sample = new DynamicSample([new("image", array), new("label", "cat")]);
        Assert.That(Convert.ToHexString(sample.Pack()).ToLowerInvariant(),
            Is.EqualTo("82a5696d616765c419033c66340103000000000000000000c03f000000c000005040a56c6162656ca3636174"));
    }

    [Test]
    public void Top_level_value_must_be_a_map()
    {
        var ex = Assert.Throws<SampleFormatException>(() => DynamicSample.Unpack([0x93, 1, 2, 3]));
        Assert.That(ex!.Error, Is.EqualTo(SampleFormatError.WrongType));
    }

    [Test]
    public void Non_string_map_keys_are_rejected_as_python_does()
    {
        // {1: 2}
        var ex = Assert.Throws<SampleFormatException>(() => DynamicSample.Unpack([0x81, 0x01, 0x02]));
        Assert.That(ex!.Error, Is.EqualTo(SampleFormatError.InvalidString));
        Assert.That(ex.Offset, Is.EqualTo(1));
    }

    [Test]
    public void ToDictionary_copies_in_order()
    {
        var sample = new DynamicSample([new("b", 1), new("a", 2)]);
        var dict = sample.ToDictionary();
        Assert.That(dict.Keys, Is.EqualTo(new[] { "b", "a" }));
    }
}
