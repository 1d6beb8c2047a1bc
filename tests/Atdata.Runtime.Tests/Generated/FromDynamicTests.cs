using NUnit.Framework;

namespace Atdata.Runtime.Tests.Generated;

/// <summary><c>T.FromDynamic</c> agrees with <c>T.Unpack</c> and is as strict.</summary>
[TestFixture]
public sealed class FromDynamicTests
{
    [TestCase("fixture-0")]
    [TestCase("fixture-2")]
    public void FromDynamic_equals_Unpack_for_fixture_vectors(string id)
    {
        byte[] bytes = Vectors.Bytes(id);
        var dynamic = DynamicSample.Unpack(bytes);
        Assert.That(FixtureSample.FromDynamic(dynamic), Is.EqualTo(FixtureSample.Unpack(bytes)));
        Assert.That(dynamic.As<FixtureSample>(), Is.EqualTo(FixtureSample.Unpack(bytes)));
    }

    [TestCase("int-boundaries")]
    [TestCase("str-boundaries")]
    [TestCase("integral-float")]
    [TestCase("uint64-max")]
    [TestCase("optional-ndarray-none")]
    [TestCase("ndarray-f32")]
    public void FromDynamic_equals_Unpack_for_vectors(string id)
    {
        byte[] bytes = Vectors.Bytes(id);
        var dynamic = DynamicSample.Unpack(bytes);
        object expected, actual;
        switch (id)
        {
            case "int-boundaries": (expected, actual) = (IntBoundaries.Unpack(bytes), IntBoundaries.FromDynamic(dynamic)); break;
            case "str-boundaries": (expected, actual) = (StrBoundaries.Unpack(bytes), StrBoundaries.FromDynamic(dynamic)); break;
            case "integral-float": (expected, actual) = (IntegralFloat.Unpack(bytes), IntegralFloat.FromDynamic(dynamic)); break;
            case "uint64-max": (expected, actual) = (UInt64Max.Unpack(bytes), UInt64Max.FromDynamic(dynamic)); break;
            case "optional-ndarray-none": (expected, actual) = (OptionalImageSample.Unpack(bytes), OptionalImageSample.FromDynamic(dynamic)); break;
            default: (expected, actual) = (ImageSample.Unpack(bytes), ImageSample.FromDynamic(dynamic)); break;
        }

        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void FromDynamic_equals_Unpack_for_every_field_type()
    {
        byte[] bytes = TestData.NewAllTypes().Pack();
        var fromDynamic = AllTypes.FromDynamic(DynamicSample.Unpack(bytes));
        RoundTripTests.AssertAllTypesEqual(fromDynamic, AllTypes.Unpack(bytes));
    }

    [Test]
    public void FromDynamic_equals_Unpack_for_primitives()
    {
        byte[] bytes = Vectors.Bytes("primitives");
        var a = Primitives.FromDynamic(DynamicSample.Unpack(bytes));
        var b = Primitives.Unpack(bytes);
        Assert.That(a.Pack(), Is.EqualTo(b.Pack()));
        Assert.That(a.Pack(), Is.EqualTo(bytes));
    }

    [Test]
    public void FromDynamic_accepts_hand_built_samples_with_arrays()
    {
        var dynamic = new DynamicSample(new Dictionary<string, object?>
        {
            ["image"] = NdArray.From(new NdArray<float>([1f, 2f])),
            ["label"] = "built",
        });
        var sample = ImageSample.FromDynamic(dynamic);
        Assert.That(sample.Image.ToArray(), Is.EqualTo(new[] { 1f, 2f }));
    }

    [Test]
    public void Missing_required_field_is_MissingField()
    {
        var dynamic = new DynamicSample(new Dictionary<string, object?> { ["id"] = 1L, ["value"] = 2L });
        var ex = ReadErrorTests.Expect(() => FixtureSample.FromDynamic(dynamic), SampleFormatError.MissingField, "name");
        Assert.That(ex.Offset, Is.EqualTo(-1));
    }

    [Test]
    public void Wrong_kind_is_WrongType()
    {
        var dynamic = new DynamicSample(new Dictionary<string, object?> { ["id"] = "1", ["name"] = "n", ["value"] = 2L });
        ReadErrorTests.Expect(() => FixtureSample.FromDynamic(dynamic), SampleFormatError.WrongType, "id");
    }

    [Test]
    public void Null_for_required_field_is_WrongType()
    {
        var dynamic = new DynamicSample(new Dictionary<string, object?> { ["id"] = 1L, ["name"] = null, ["value"] = 2L });
        ReadErrorTests.Expect(() => FixtureSample.FromDynamic(dynamic), SampleFormatError.WrongType, "name");
    }

    [Test]
    public void Out_of_range_is_OutOfRange()
    {
        var dynamic = new DynamicSample(new Dictionary<string, object?> { ["id"] = 1L, ["name"] = "n", ["value"] = ulong.MaxValue });
        ReadErrorTests.Expect(() => FixtureSample.FromDynamic(dynamic), SampleFormatError.OutOfRange, "value");
    }

    [Test]
    public void Unknown_fields_are_ignored()
    {
        var dynamic = new DynamicSample(new Dictionary<string, object?> { ["id"] = 1L, ["name"] = "n", ["value"] = 2L, ["other"] = true });
        Assert.That(FixtureSample.FromDynamic(dynamic), Is.EqualTo(new FixtureSample(1, "n", 2)));
    }
}
