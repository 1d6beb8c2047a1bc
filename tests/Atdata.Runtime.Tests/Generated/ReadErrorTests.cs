using NUnit.Framework;

namespace Atdata.Runtime.Tests.Generated;

/// <summary>Generated readers accept every valid encoding and reject bad input with a located <see cref="SampleFormatException"/>.</summary>
[TestFixture]
public sealed class ReadErrorTests
{
    private static byte[] Map(params (string Key, object? Value)[] fields)
        => new DynamicSample(fields.Select(f => new KeyValuePair<string, object?>(f.Key, f.Value))).Pack();

    /// <summary>Asserts that <paramref name="read"/> throws <paramref name="error"/> naming <paramref name="field"/>, and returns the exception.</summary>
    internal static SampleFormatException Expect(Action read, SampleFormatError error, string? field)
    {
        var ex = Assert.Throws<SampleFormatException>(read)!;
        Assert.That(ex.Error, Is.EqualTo(error));
        Assert.That(ex.FieldName, Is.EqualTo(field));
        return ex;
    }

    [Test]
    public void Float32_and_any_integer_width_are_accepted()
    {
        // {value: float32 1.5, zero: int 0}: float32 (0xca) and an integer where a float is declared.
        byte[] bytes = Convert.FromHexString("82a576616c7565ca3fc00000a47a65726f00");
        Assert.That(IntegralFloat.Unpack(bytes), Is.EqualTo(new IntegralFloat(1.5, 0f)));

        // {id: uint64 5, name: "n", value: int8 -3}: oversized integer forms are fine.
        byte[] wide = Convert.FromHexString("83a26964cf0000000000000005a46e616d65a16ea576616c7565d0fd");
        Assert.That(FixtureSample.Unpack(wide), Is.EqualTo(new FixtureSample(5, "n", -3)));
    }

    [Test]
    public void Keys_in_any_order_and_unknown_keys_are_skipped()
    {
        byte[] bytes = Map(
            ("extra_list", new object?[] { 1L, new Dictionary<string, object?> { ["deep"] = "x" } }),
            ("value", 20L),
            ("name", "test_sample_2"),
            ("unknown_bin", new byte[] { 1, 2 }),
            ("id", 2L));
        Assert.That(FixtureSample.Unpack(bytes), Is.EqualTo(new FixtureSample(2, "test_sample_2", 20)));
    }

    [Test]
    public void Missing_required_field_names_the_field()
    {
        byte[] bytes = Map(("id", 1L), ("value", 2L));
        Expect(() => FixtureSample.Unpack(bytes), SampleFormatError.MissingField, "name");
    }

    [Test]
    public void Missing_optional_field_reads_as_null()
    {
        byte[] bytes = Map(("label", "dog"));
        Assert.That(OptionalImageSample.Unpack(bytes), Is.EqualTo(new OptionalImageSample(null, "dog")));
    }

    [Test]
    public void Nil_for_a_required_reference_field_is_WrongType()
    {
        byte[] bytes = Map(("id", 1L), ("name", null), ("value", 2L));
        var ex = Expect(() => FixtureSample.Unpack(bytes), SampleFormatError.WrongType, "name");
        // 83 | a2 6964 | 01 | a4 6e616d65 | c0: the nil is at offset 10.
        Assert.That(ex.Offset, Is.EqualTo(10));
    }

    [Test]
    public void Wrong_type_names_the_field_and_offset()
    {
        byte[] bytes = Map(("id", "one"), ("name", "n"), ("value", 2L));
        var ex = Expect(() => FixtureSample.Unpack(bytes), SampleFormatError.WrongType, "id");
        Assert.That(ex.Offset, Is.EqualTo(4));
    }

    [Test]
    public void Out_of_range_integer_names_the_field()
    {
        byte[] bytes = Map(("text", "t"), ("count", 1L << 40), ("score", 0.5), ("flag", true), ("note", null),
            ("blob", Array.Empty<byte>()), ("tags", Array.Empty<object?>()), ("extra", new Dictionary<string, object?>()));
        Expect(() => Primitives.Unpack(bytes), SampleFormatError.OutOfRange, "count");
    }

    [Test]
    public void Wrong_element_type_inside_a_list_names_the_list()
    {
        byte[] bytes = Map(("text", "t"), ("count", 1L), ("score", 0.5), ("flag", true), ("note", null),
            ("blob", Array.Empty<byte>()), ("tags", new object?[] { "a", 3L }), ("extra", new Dictionary<string, object?>()));
        Expect(() => Primitives.Unpack(bytes), SampleFormatError.WrongType, "tags");
    }

    [Test]
    public void Duplicate_key_is_rejected_at_the_second_key()
    {
        // {id: 1, id: 2, name: "n", value: 3}
        byte[] bytes = Convert.FromHexString("84a2696401a2696402a46e616d65a16ea576616c756503");
        var ex = Expect(() => FixtureSample.Unpack(bytes), SampleFormatError.DuplicateField, "id");
        Assert.That(ex.Offset, Is.EqualTo(5));
    }

    [Test]
    public void Duplicate_key_inside_a_map_field_is_rejected()
    {
        // {text..., extra: {k: 1, k: 2}} built by hand: the dictionary value repeats "k".
        byte[] prefix = Map(("text", "t"), ("count", 1L), ("score", 0.5), ("flag", true), ("note", null),
            ("blob", Array.Empty<byte>()), ("tags", Array.Empty<object?>()));
        prefix[0] = 0x88; // eight fields
        byte[] bytes = [.. prefix, .. Convert.FromHexString("a5657874726182a16b01a16b02")];
        Expect(() => Primitives.Unpack(bytes), SampleFormatError.DuplicateField, "extra");
    }

    [Test]
    public void Trailing_bytes_are_rejected_with_their_offset()
    {
        byte[] valid = Vectors.Bytes("fixture-0");
        byte[] bytes = [.. valid, 0xc0];
        var ex = Assert.Throws<SampleFormatException>(() => FixtureSample.Unpack(bytes));
        Assert.That(ex!.Error, Is.EqualTo(SampleFormatError.TrailingBytes));
        Assert.That(ex.Offset, Is.EqualTo(valid.Length));
    }

    [Test]
    public void Truncated_input_names_the_field_being_read()
    {
        byte[] valid = Vectors.Bytes("fixture-1");
        Expect(() => FixtureSample.Unpack(valid.AsSpan(0, 12)), SampleFormatError.Truncated, "name");
    }

    [Test]
    public void Non_map_input_is_WrongType()
    {
        var ex = Assert.Throws<SampleFormatException>(() => FixtureSample.Unpack([0x93, 1, 2, 3]));
        Assert.That(ex!.Error, Is.EqualTo(SampleFormatError.WrongType));
        Assert.That(ex.Offset, Is.EqualTo(0));
    }

    [Test]
    public void Array_dtype_mismatch_is_reported_for_the_field()
    {
        // The uint8 2x2 payload read into NdArray<float>.
        byte[] payload = Convert.FromHexString("037c753102020000000000000002000000000000000001feff");
        byte[] bytes = Map(("image", payload), ("label", "x"));
        var ex = Assert.Throws<SampleFormatException>(() => ImageSample.Unpack(bytes));
        Assert.That(ex!.FieldName, Is.EqualTo("image"));
    }
}
