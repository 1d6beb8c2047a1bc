using System.Collections;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Schema;

/// <summary>The canonical DAG-CBOR rules python-libipld applies.</summary>
public class DagCborTests
{
    private static string Hex(object? value) => Convert.ToHexStringLower(DagCbor.Encode(value));

    [TestCase(0L, "00")]
    [TestCase(23L, "17")]
    [TestCase(24L, "1818")]
    [TestCase(255L, "18ff")]
    [TestCase(256L, "190100")]
    [TestCase(65535L, "19ffff")]
    [TestCase(65536L, "1a00010000")]
    [TestCase(4294967295L, "1affffffff")]
    [TestCase(4294967296L, "1b0000000100000000")]
    [TestCase(long.MaxValue, "1b7fffffffffffffff")]
    [TestCase(-1L, "20")]
    [TestCase(-24L, "37")]
    [TestCase(-25L, "3818")]
    [TestCase(-256L, "38ff")]
    [TestCase(-257L, "390100")]
    [TestCase(-65537L, "3a00010000")]
    [TestCase(-4294967297L, "3b0000000100000000")]
    [TestCase(long.MinValue, "3b7fffffffffffffff")]
    public void Integers_use_the_shortest_header(long value, string hex) => Assert.That(Hex(value), Is.EqualTo(hex));

    [Test]
    public void Every_integer_type_encodes_by_value()
    {
        Assert.That(Hex(ulong.MaxValue), Is.EqualTo("1bffffffffffffffff"));
        Assert.That(Hex((byte)200), Is.EqualTo("18c8"));
        Assert.That(Hex((sbyte)-100), Is.EqualTo("3863"));
        Assert.That(Hex((short)-1000), Is.EqualTo("3903e7"));
        Assert.That(Hex((ushort)1000), Is.EqualTo("1903e8"));
        Assert.That(Hex(100_000), Is.EqualTo("1a000186a0"));
        Assert.That(Hex(100_000u), Is.EqualTo("1a000186a0"));
    }

    [Test]
    public void Floats_are_always_float64_and_negative_zero_is_zero()
    {
        Assert.That(Hex(1.0), Is.EqualTo("fb3ff0000000000000"));
        Assert.That(Hex(1.5f), Is.EqualTo("fb3ff8000000000000"));
        Assert.That(Hex((Half)0.5), Is.EqualTo("fb3fe0000000000000"));
        Assert.That(Hex(-0.0), Is.EqualTo("fb0000000000000000"));
        Assert.That(Hex(0.0), Is.EqualTo("fb0000000000000000"));
        Assert.That(Hex(-2.5), Is.EqualTo("fbc004000000000000"));
        Assert.That(Hex(double.Epsilon), Is.EqualTo("fb0000000000000001"));
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    public void NaN_and_infinity_are_rejected(double value)
    {
        Assert.Throws<ArgumentException>(() => DagCbor.Encode(value));
        Assert.Throws<ArgumentException>(() => DagCbor.Encode(new Dictionary<string, object?> { ["x"] = new object?[] { (float)value } }));
    }

    [Test]
    public void Simple_values_and_strings()
    {
        Assert.That(Hex(true), Is.EqualTo("f5"));
        Assert.That(Hex(false), Is.EqualTo("f4"));
        Assert.That(Hex(null), Is.EqualTo("f6"));
        Assert.That(Hex(""), Is.EqualTo("60"));
        Assert.That(Hex("é"), Is.EqualTo("62c3a9"));
        Assert.That(Hex("😀"), Is.EqualTo("64f09f9880"));
        Assert.That(Hex(new string('a', 24)), Does.StartWith("7818"));
        Assert.That(Hex(new string('a', 256)), Does.StartWith("790100"));
    }

    [Test]
    public void An_unpaired_surrogate_is_rejected()
        => Assert.Throws<System.Text.EncoderFallbackException>(() => DagCbor.Encode("\ud800"));

    [Test]
    public void Bytes_are_major_type_two()
    {
        Assert.That(Hex(Array.Empty<byte>()), Is.EqualTo("40"));
        Assert.That(Hex(new byte[] { 0, 1, 2 }), Is.EqualTo("43000102"));
        Assert.That(Hex(new ReadOnlyMemory<byte>([9, 9])), Is.EqualTo("420909"));
    }

    [Test]
    public void Bytes_that_look_like_a_binary_cid_become_a_link_as_in_libipld()
    {
        byte[] cid = Cid.ForEntry("atdata://local/schema/S@1.0.0", []).ToBytes();
        Assert.That(Hex(cid), Is.EqualTo("d82a5825" + "00" + Convert.ToHexStringLower(cid)));
        Assert.That(Hex(Cid.FromBytes(cid)), Is.EqualTo(Hex(cid)));

        // A CIDv1 prefix with trailing bytes still counts; a short or malformed one does not.
        Assert.That(Hex(new byte[] { 1, 0x55, 0, 0, 7 }), Is.EqualTo("d82a4600" + "0155000007"));
        Assert.That(Hex(new byte[] { 1, 0x55, 0 }), Is.EqualTo("43015500"));
        Assert.That(Hex(new byte[] { 1, 0x55, 0x12, 0x20, 1 }), Is.EqualTo("4501551220" + "01"));
        Assert.That(Hex(new byte[] { 1, 0x80, 0x00, 0, 0 }), Is.EqualTo("450180000000"));

        // CIDv0: exactly 34 bytes starting 12 20.
        byte[] v0 = [0x12, 0x20, .. new byte[32]];
        Assert.That(Hex(v0), Does.StartWith("d82a582300"));
        Assert.That(Hex(v0.Take(33).ToArray()), Does.StartWith("5821"));
    }

    [Test]
    public void Map_keys_are_sorted_by_utf8_length_then_bytewise()
    {
        var map = new Dictionary<string, object?> { ["schema_ref"] = 1, ["data_urls"] = 2, ["bb"] = 3, ["a"] = 4, ["ab"] = 5, ["é"] = 6, ["zz"] = 7 };
        Assert.That(Hex(map), Is.EqualTo("a7" + "616104" + "626162" + "05" + "626262" + "03" + "627a7a" + "07" + "62c3a9" + "06" + "69646174615f75726c73" + "02" + "6a736368656d615f726566" + "01"));
    }

    [Test]
    public void Maps_come_in_every_shape()
    {
        string expected = "a2616101616202";
        Assert.That(Hex(new Dictionary<string, object?> { ["b"] = 2, ["a"] = 1 }), Is.EqualTo(expected));
        Assert.That(Hex(new SortedList<string, object?> { ["b"] = 2L, ["a"] = 1L }), Is.EqualTo(expected));
        Assert.That(Hex(new Dictionary<string, int> { ["b"] = 2, ["a"] = 1 }), Is.EqualTo(expected));
        Assert.That(Hex(new Hashtable { ["b"] = 2, ["a"] = 1 }), Is.EqualTo(expected));
        Assert.That(Hex(new DynamicSample([new("b", 2), new("a", 1)])), Is.EqualTo(expected));
        Assert.That(Hex(new List<KeyValuePair<string, object?>> { new("b", 2), new("a", 1) }), Is.EqualTo(expected));
    }

    [Test]
    public void Lists_come_in_every_shape()
    {
        Assert.That(Hex(new[] { "a", "b" }), Is.EqualTo("8261616162"));
        Assert.That(Hex(new List<long> { 1, 2 }), Is.EqualTo("820102"));
        Assert.That(Hex(Enumerable.Range(1, 2)), Is.EqualTo("820102"));
        Assert.That(Hex(Array.Empty<object>()), Is.EqualTo("80"));
        Assert.That(Hex(Enumerable.Repeat<object?>(null, 30).ToList()), Does.StartWith("981e"));
    }

    [Test]
    public void Bad_maps_and_values_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => DagCbor.Encode(new List<KeyValuePair<string, object?>> { new("a", 1), new("a", 2) }));
        Assert.Throws<ArgumentException>(() => DagCbor.Encode(new Hashtable { [1] = 2 }));
        Assert.Throws<ArgumentException>(() => DagCbor.Encode((1, 2)));
        Assert.Throws<ArgumentException>(() => DagCbor.Encode(new object()));
        Assert.Throws<ArgumentException>(() => DagCbor.Encode(1.5m));
        Assert.Throws<ArgumentException>(() => DagCbor.Encode(default(Cid)));
        var cycle = new List<object?>();
        cycle.Add(cycle);
        Assert.Throws<ArgumentException>(() => DagCbor.Encode(cycle));
    }

    [Test]
    public void An_ndarray_encodes_as_its_payload_bytes()
    {
        var array = new NdArray("<f4", new byte[8], 2);
        Assert.That(DagCbor.Encode(array), Is.EqualTo(DagCbor.Encode(array.ToPayload())));
    }

    [Test]
    public void A_dynamic_sample_read_from_msgpack_hashes_as_python_hashes_its_dict()
    {
        var sample = new DynamicSample([new("name", "test"), new("value", 42)]);
        Assert.That(Cid.Of(DynamicSample.Unpack(sample.Pack())).ToString(), Is.EqualTo(SchemaVectors.Record("generic-name-test-42").Cid));
    }
}
