using System.Collections.Immutable;
using MessagePack;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Generated;

/// <summary>Every supported field type survives a write and a read, and the bytes are standard msgpack.</summary>
[TestFixture]
public sealed class RoundTripTests
{
    [Test]
    public void AllTypes_round_trip()
    {
        var sample = TestData.NewAllTypes();
        var read = AllTypes.Unpack(sample.Pack());
        AssertAllTypesEqual(read, sample);
        Assert.That(read.Scratch, Is.EqualTo("kept"), "an [SkipField] property keeps its initializer on read");
    }

    [Test]
    public void AllTypes_bytes_decode_with_an_independent_msgpack_library_in_declaration_order()
    {
        byte[] bytes = TestData.NewAllTypes().Pack();
        var map = MessagePackSerializer.Deserialize<Dictionary<object, object?>>(bytes);
        string[] expectedKeys =
        [
            "str", "flag", "i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64", "color", "offset", "half", "f32", "f64",
            "bytes", "memory", "a_bool", "ai8", "au8", "ai16", "au16", "ai32", "au32", "ai64", "au64", "af16", "af32", "af64",
            "ac128", "untyped", "opt_str", "opt_int", "opt_color", "opt_bytes", "opt_memory", "opt_array", "opt_untyped",
            "str_array", "int_list", "double_list", "long_array", "str_map", "double_map", "nullable_items", "blobs",
            "opt_list", "opt_immutable", "opt_map", "colors",
        ];
        Assert.That(map.Keys.Cast<string>(), Is.EqualTo(expectedKeys));
        Assert.Multiple(() =>
        {
            Assert.That(map["str"], Is.EqualTo("héllo wörld"));
            Assert.That(Convert.ToInt64(map["i64"], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(long.MinValue));
            Assert.That(map["u64"], Is.EqualTo(ulong.MaxValue));
            Assert.That(Convert.ToInt64(map["offset"], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(-5_000_000_000));
            Assert.That(map["f32"], Is.EqualTo((double)0.1f), "float is widened to float64");
            Assert.That(map["half"], Is.EqualTo(1.5));
            Assert.That(map["opt_str"], Is.Null);
            Assert.That(map["bytes"], Is.EqualTo(new byte[] { 1, 2, 3 }));
        });

        // float64 (0xcb) is written for float and Half, never float32 (0xca).
        int f32Key = IndexOf(bytes, [0xa3, (byte)'f', (byte)'3', (byte)'2']);
        Assert.That(bytes[f32Key + 4], Is.EqualTo(0xcb));
    }

    [Test]
    public void Record_struct_with_field_rename_round_trips()
    {
        var point = new PointSample(1.5, -2, "origin");
        byte[] bytes = point.Pack();
        var map = MessagePackSerializer.Deserialize<Dictionary<object, object?>>(bytes);
        Assert.That(map.Keys.Cast<string>(), Is.EqualTo(new[] { "x", "y", "point_label" }));
        Assert.That(PointSample.Unpack(bytes), Is.EqualTo(point));

        var mutable = new MutablePoint { X = 3, Y = -4 };
        Assert.That(MutablePoint.Unpack(mutable.Pack()), Is.EqualTo(mutable));
    }

    [Test]
    public void Nested_type_uses_snake_case_and_field_override()
    {
        var sample = new Outer.Middle.NestedSample("http://x", 404, 0.5, 7);
        byte[] bytes = sample.Pack();
        var map = MessagePackSerializer.Deserialize<Dictionary<object, object?>>(bytes);
        Assert.That(map.Keys.Cast<string>(), Is.EqualTo(new[] { "image_url", "http_code", "layer2_norm", "explicit" }));
        Assert.That(Outer.Middle.NestedSample.Unpack(bytes), Is.EqualTo(sample));
    }

    [Test]
    public void Global_namespace_type_round_trips()
    {
        var sample = new GlobalNamespaceSample("g");
        Assert.That(GlobalNamespaceSample.Unpack(sample.Pack()), Is.EqualTo(sample));
        Assert.That(GlobalNamespaceSample.SchemaName, Is.EqualTo("GlobalNamespaceSample"));
    }

    [Test]
    public void Schema_name_is_the_declared_type_name()
    {
        Assert.That(SchemaNameOf<Outer.Middle.NestedSample>(), Is.EqualTo("NestedSample"));
        Assert.That(SchemaNameOf<PointSample>(), Is.EqualTo("PointSample"));
    }

    [Test]
    public void Packer_entry_points_agree_with_generated_members()
    {
        var sample = new FixtureSample(1, "n", 2);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        Packer.Pack(sample, buffer);
        Assert.That(buffer.WrittenSpan.ToArray(), Is.EqualTo(sample.Pack()));
        Assert.That(Packer.Unpack<FixtureSample>(new System.Buffers.ReadOnlySequence<byte>(buffer.WrittenMemory)), Is.EqualTo(sample));
    }

    [Test]
    public void Non_nullable_reference_member_holding_null_throws_ArgumentException_naming_it()
    {
        var sample = new FixtureSample(1, null!, 2);
        var ex = Assert.Throws<ArgumentException>(() => sample.Pack());
        Assert.That(ex!.Message, Does.Contain("'Name'").And.Contain("'FixtureSample'"));
        Assert.That(ex.ParamName, Is.EqualTo("Name"));
    }

    [Test]
    public void Null_element_in_a_non_nullable_list_throws_ArgumentException()
    {
        var sample = TestData.NewAllTypes() with { StrArray = ["a", null!] };
        var ex = Assert.Throws<ArgumentException>(() => sample.Pack());
        Assert.That(ex!.ParamName, Is.EqualTo("StrArray"));
    }

    [Test]
    public void Default_ImmutableArray_is_treated_as_null()
    {
        var required = TestData.NewAllTypes() with { LongArray = default };
        Assert.That(Assert.Throws<ArgumentException>(() => required.Pack())!.ParamName, Is.EqualTo("LongArray"));

        var optional = TestData.NewAllTypes() with { OptImmutable = default(ImmutableArray<string>) };
        Assert.That(AllTypes.Unpack(optional.Pack()).OptImmutable, Is.Null);
    }

    [Test]
    public void AsWds_uses_a_uuid1_key_by_default_and_validates_explicit_keys()
    {
        var sample = new FixtureSample(0, "test_sample_0", 0);
        var wds = sample.AsWds();
        Assert.That(wds.Key, Does.Match("^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-8000-000000000000$"));
        Assert.That(wds.Msgpack, Is.EqualTo(Vectors.Bytes("fixture-0")));

        Assert.That(sample.AsWds("sample_000000").Key, Is.EqualTo("sample_000000"));
        Assert.Throws<ArgumentException>(() => sample.AsWds("bad.key"));
    }

    internal static void AssertAllTypesEqual(AllTypes actual, AllTypes expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(actual.Str, Is.EqualTo(expected.Str));
            Assert.That(actual.Flag, Is.EqualTo(expected.Flag));
            Assert.That(actual.I8, Is.EqualTo(expected.I8));
            Assert.That(actual.U8, Is.EqualTo(expected.U8));
            Assert.That(actual.I16, Is.EqualTo(expected.I16));
            Assert.That(actual.U16, Is.EqualTo(expected.U16));
            Assert.That(actual.I32, Is.EqualTo(expected.I32));
            Assert.That(actual.U32, Is.EqualTo(expected.U32));
            Assert.That(actual.I64, Is.EqualTo(expected.I64));
            Assert.That(actual.U64, Is.EqualTo(expected.U64));
            Assert.That(actual.Color, Is.EqualTo(expected.Color));
            Assert.That(actual.Offset, Is.EqualTo(expected.Offset));
            Assert.That(actual.Half, Is.EqualTo(expected.Half));
            Assert.That(actual.F32, Is.EqualTo(expected.F32));
            Assert.That(actual.F64, Is.EqualTo(expected.F64));
            Assert.That(actual.Bytes, Is.EqualTo(expected.Bytes));
            Assert.That(actual.Memory.ToArray(), Is.EqualTo(expected.Memory.ToArray()));
            Assert.That(actual.ABool, Is.EqualTo(expected.ABool));
            Assert.That(actual.AI8, Is.EqualTo(expected.AI8));
            Assert.That(actual.AU8, Is.EqualTo(expected.AU8));
            Assert.That(actual.AU8.Shape.ToArray(), Is.EqualTo(new long[] { 2, 2 }));
            Assert.That(actual.AI16, Is.EqualTo(expected.AI16));
            Assert.That(actual.AU16, Is.EqualTo(expected.AU16));
            Assert.That(actual.AI32, Is.EqualTo(expected.AI32));
            Assert.That(actual.AU32, Is.EqualTo(expected.AU32));
            Assert.That(actual.AI64, Is.EqualTo(expected.AI64));
            Assert.That(actual.AU64, Is.EqualTo(expected.AU64));
            Assert.That(actual.AF16, Is.EqualTo(expected.AF16));
            Assert.That(actual.AF32, Is.EqualTo(expected.AF32));
            Assert.That(actual.AF64, Is.EqualTo(expected.AF64));
            Assert.That(actual.AC128, Is.EqualTo(expected.AC128));
            Assert.That(actual.Untyped, Is.EqualTo(expected.Untyped));
            Assert.That(actual.OptStr, Is.EqualTo(expected.OptStr));
            Assert.That(actual.OptInt, Is.EqualTo(expected.OptInt));
            Assert.That(actual.OptColor, Is.EqualTo(expected.OptColor));
            Assert.That(actual.OptBytes, Is.EqualTo(expected.OptBytes));
            Assert.That(actual.OptMemory?.ToArray(), Is.EqualTo(expected.OptMemory?.ToArray()));
            Assert.That(actual.OptArray, Is.EqualTo(expected.OptArray));
            Assert.That(actual.OptUntyped, Is.EqualTo(expected.OptUntyped));
            Assert.That(actual.StrArray, Is.EqualTo(expected.StrArray));
            Assert.That(actual.IntList, Is.EqualTo(expected.IntList));
            Assert.That(actual.DoubleList, Is.EqualTo(expected.DoubleList));
            Assert.That(actual.LongArray, Is.EqualTo(expected.LongArray));
            Assert.That(actual.StrMap, Is.EqualTo(expected.StrMap));
            Assert.That(actual.DoubleMap, Is.EqualTo(expected.DoubleMap));
            Assert.That(actual.NullableItems, Is.EqualTo(expected.NullableItems));
            Assert.That(actual.Blobs, Is.EqualTo(expected.Blobs));
            Assert.That(actual.OptList, Is.EqualTo(expected.OptList));
            Assert.That(actual.OptImmutable, Is.EqualTo(expected.OptImmutable));
            Assert.That(actual.OptMap, Is.EqualTo(expected.OptMap));
            Assert.That(actual.Colors, Is.EqualTo(expected.Colors));
        });
    }

    private static string SchemaNameOf<T>()
        where T : IPackable<T>
        => T.SchemaName;

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
