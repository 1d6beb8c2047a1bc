using Atdata.Shared;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Schema;

/// <summary>Field IDs (32-bit FNV-1a) and descriptors.</summary>
public class FieldDescriptorTests
{
    // Published FNV-1a 32-bit test values, and values computed with an independent script.
    [TestCase("", 0x811c9dc5u)]
    [TestCase("a", 0xe40c292cu)]
    [TestCase("foobar", 0xbf9cf968u)]
    public void Field_ids_are_fnv1a_32(string name, uint expected)
    {
        Assert.That(FieldId.Compute(name), Is.EqualTo(expected));
        Assert.That(FieldDescriptor.ComputeFieldId(name), Is.EqualTo(expected));
    }

    [Test]
    public void Field_ids_hash_the_utf8_bytes()
    {
        Assert.That(FieldId.Compute("é"), Is.EqualTo(FieldId.Compute([0xc3, 0xa9])));
        Assert.Throws<System.Text.EncoderFallbackException>(() => FieldId.Compute("\ud800"));
    }

    [Test]
    public void A_descriptor_derives_its_utf8_name_and_id()
    {
        var field = new FieldDescriptor("image_url", 2, FieldKind.NdArray, isOptional: true, dtype: "float32");
        Assert.That(field.WireName, Is.EqualTo("image_url"));
        Assert.That(field.Utf8WireName.ToArray(), Is.EqualTo("image_url"u8.ToArray()));
        Assert.That(field.Ordinal, Is.EqualTo(2));
        Assert.That(field.Kind, Is.EqualTo(FieldKind.NdArray));
        Assert.That(field.IsOptional, Is.True);
        Assert.That(field.DType, Is.EqualTo("float32"));
        Assert.That(field.FieldId, Is.EqualTo(FieldId.Compute("image_url")));
        Assert.That(field.ToString(), Does.StartWith("#2 image_url: NdArray[float32]?"));
    }

    [Test]
    public void Descriptors_have_value_equality()
    {
        var a = new FieldDescriptor("label", 1, FieldKind.String);
        Assert.That(a, Is.EqualTo(new FieldDescriptor("label", 1, FieldKind.String)));
        Assert.That(a.GetHashCode(), Is.EqualTo(new FieldDescriptor("label", 1, FieldKind.String).GetHashCode()));
        Assert.That(a, Is.Not.EqualTo(new FieldDescriptor("label", 0, FieldKind.String)));
        Assert.That(a, Is.Not.EqualTo(new FieldDescriptor("label", 1, FieldKind.String, isOptional: true)));
        Assert.That(a.FieldId, Is.EqualTo(new FieldDescriptor("label", 7, FieldKind.Int).FieldId));
        Assert.Throws<ArgumentException>(() => _ = new FieldDescriptor("", 0, FieldKind.Int));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new FieldDescriptor("x", -1, FieldKind.Int));
    }
}
