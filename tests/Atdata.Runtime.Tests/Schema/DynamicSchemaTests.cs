using NUnit.Framework;

namespace Atdata.Runtime.Tests.Schema;

/// <summary>Validating schema-free samples against a schema record (Python's decode_schema).</summary>
public class DynamicSchemaTests
{
    private static readonly byte[] s_floatPayload = new NdArray("<f4", new byte[24], 2, 3).ToPayload();
    private static readonly byte[] s_bytePayload = new NdArray("|u1", new byte[6], 2, 3).ToPayload();

    private static SchemaRecord ImageSample => SchemaRecord.Parse(SchemaVectors.Record("schema-image-as-stored").PythonJson!);

    private static DynamicSample Sample(params (string Key, object? Value)[] fields)
        => new(fields.Select(f => new KeyValuePair<string, object?>(f.Key, f.Value)));

    private static DynamicSample ValidImage(params (string Key, object? Value)[] overrides)
    {
        var fields = new List<(string, object?)>
        {
            ("image", s_floatPayload), ("label", "cat"), ("confidence", 0.5), ("tags", new[] { "a", "b" }), ("note", null),
        };
        foreach (var (key, value) in overrides)
        {
            int i = fields.FindIndex(f => f.Item1 == key);
            if (i >= 0)
            {
                fields[i] = (key, value);
            }
            else
            {
                fields.Add((key, value));
            }
        }

        return Sample([.. fields]);
    }

    private static DynamicSample Without(DynamicSample sample, string key)
        => new(sample.Where(p => p.Key != key));

    [Test]
    public void Exposes_the_record()
    {
        var schema = new DynamicSchema(ImageSample);
        Assert.That(schema.Name, Is.EqualTo("ImageSample"));
        Assert.That(schema.Version, Is.EqualTo("1.0.0"));
        Assert.That(schema.Fields, Has.Count.EqualTo(5));
        Assert.That(schema.Record, Is.EqualTo(ImageSample));
        Assert.That(schema.Options, Is.SameAs(DynamicSchemaOptions.Default));
    }

    [Test]
    public void A_matching_sample_is_valid()
    {
        var schema = new DynamicSchema(ImageSample);
        Assert.That(schema.Validate(ValidImage()), Is.Empty);
        Assert.That(schema.IsValid(ValidImage(("note", "seen"))), Is.True);
        Assert.That(schema.IsValid(Without(ValidImage(), "note")), Is.True, "an optional field may be absent");
        Assert.That(schema.IsValid(ValidImage(("confidence", 1L))), Is.True, "an integer is accepted for a float");
        Assert.That(schema.IsValid(ValidImage(("image", new NdArray("<f4", new byte[4], 1)))), Is.True);
        Assert.That(schema.IsValid(ValidImage(("tags", Array.Empty<string>()))), Is.True);
        Assert.DoesNotThrow(() => schema.EnsureValid(ValidImage()));
    }

    [Test]
    public void A_sample_read_from_python_bytes_validates()
    {
        var schema = new DynamicSchema(ImageSample);
        Assert.That(schema.Validate(DynamicSample.Unpack(ValidImage().Pack())), Is.Empty);
    }

    [Test]
    public void A_missing_required_field_is_named()
    {
        var schema = new DynamicSchema(ImageSample);
        var problems = schema.Validate(Without(ValidImage(), "label"));
        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0].Kind, Is.EqualTo(SchemaProblemKind.MissingField));
        Assert.That(problems[0].FieldName, Is.EqualTo("label"));
        Assert.That(problems[0].Expected, Is.EqualTo("str"));
        Assert.That(problems[0].Actual, Is.EqualTo("absent"));
        Assert.That(problems[0].Message, Is.EqualTo("required field 'label' is missing"));
    }

    [Test]
    public void Null_is_allowed_only_for_optional_fields()
    {
        var schema = new DynamicSchema(ImageSample);
        var problems = schema.Validate(ValidImage(("label", null)));
        Assert.That(problems.Single().Kind, Is.EqualTo(SchemaProblemKind.NullValue));
        Assert.That(problems.Single().Message, Is.EqualTo("required field 'label' is None"));
    }

    [TestCase("label", 42L, "field 'label': expected str, got int 42")]
    [TestCase("confidence", "high", "field 'confidence': expected float, got str 'high'")]
    [TestCase("confidence", true, "field 'confidence': expected float, got bool True")]
    [TestCase("image", "pixels", "field 'image': expected ndarray[float32], got str 'pixels'")]
    [TestCase("tags", "a", "field 'tags': expected list[str], got str 'a'")]
    [TestCase("note", 1.5, "field 'note': expected str, got float 1.5")]
    public void Wrong_kinds_name_the_field(string key, object value, string message)
    {
        var schema = new DynamicSchema(ImageSample);
        var problem = schema.Validate(ValidImage((key, value))).Single();
        Assert.That(problem.Kind, Is.EqualTo(SchemaProblemKind.WrongType));
        Assert.That(problem.FieldName, Is.EqualTo(key));
        Assert.That(problem.Message, Is.EqualTo(message));
    }

    [Test]
    public void Every_primitive_is_checked()
    {
        var record = SchemaRecord.Parse(SchemaVectors.Record("schema-text-null-description").PythonJson!);
        var schema = new DynamicSchema(record);
        var good = Sample(("text", "t"), ("count", 3), ("flag", false), ("blob", new byte[] { 1 }), ("mask", s_bytePayload));
        Assert.That(schema.Validate(good), Is.Empty);
        var bad = Sample(("text", 1), ("count", 2.0), ("flag", 1), ("blob", "x"), ("mask", 5));
        Assert.That(schema.Validate(bad).Select(p => p.Message), Is.EqualTo(new[]
        {
            "field 'text': expected str, got int 1",
            "field 'count': expected int, got float 2.0",
            "field 'flag': expected bool, got int 1",
            "field 'blob': expected bytes, got str 'x'",
            "field 'mask': expected ndarray[uint8], got int 5",
        }));
        Assert.That(schema.Validate(Sample(("text", "t"), ("count", ulong.MaxValue), ("flag", true))), Is.Empty);
    }

    [Test]
    public void List_items_are_checked_with_their_index()
    {
        var schema = new DynamicSchema(ImageSample);
        var problems = schema.Validate(ValidImage(("tags", new object?[] { "a", 2, null })));
        Assert.That(problems.Select(p => (p.Kind, p.FieldName, p.Path)), Is.EqualTo(new[]
        {
            (SchemaProblemKind.WrongType, "tags", "tags[1]"),
            (SchemaProblemKind.NullValue, "tags", "tags[2]"),
        }));
        Assert.That(problems[0].Message, Is.EqualTo("field 'tags[1]': expected str, got int 2"));
    }

    [Test]
    public void Map_values_are_checked_with_their_key()
    {
        var record = new SchemaRecord("Counts", "1.0.0", [new SchemaField("extra", SchemaFieldType.ForMap(SchemaFieldType.Int))]);
        var schema = new DynamicSchema(record);
        var nested = new Dictionary<string, object?> { ["a"] = 1L, ["b"] = "two", ["c"] = null };
        var problems = schema.Validate(Sample(("extra", new DynamicSample(nested))));
        Assert.That(problems.Select(p => (p.Kind, p.FieldName, p.Path)), Is.EqualTo(new[]
        {
            (SchemaProblemKind.WrongType, "extra", "extra['b']"),
            (SchemaProblemKind.NullValue, "extra", "extra['c']"),
        }));
        Assert.That(problems[0].Message, Is.EqualTo("field 'extra['b']': expected int, got str 'two'"));
        Assert.That(schema.Validate(Sample(("extra", new DynamicSample(new Dictionary<string, object?> { ["a"] = 1L })))), Is.Empty);
        Assert.That(schema.Validate(Sample(("extra", new object?[] { 1L }))).Single().Message, Is.EqualTo("field 'extra': expected dict[str, int], got list of 1"));
    }

    [Test]
    public void Array_payloads_must_parse()
    {
        var schema = new DynamicSchema(ImageSample);
        var problem = schema.Validate(ValidImage(("image", new byte[] { 1, 2, 3 }))).Single();
        Assert.That(problem.Kind, Is.EqualTo(SchemaProblemKind.InvalidArray));
        Assert.That(problem.Message, Does.StartWith("field 'image': the bytes are not an array payload"));
    }

    [Test]
    public void The_dtype_is_descriptive_unless_strict()
    {
        var other = ValidImage(("image", s_bytePayload));
        Assert.That(new DynamicSchema(ImageSample).Validate(other), Is.Empty);
        var strict = new DynamicSchema(ImageSample, new DynamicSchemaOptions { StrictDType = true });
        Assert.That(strict.Validate(ValidImage()), Is.Empty);
        var problem = strict.Validate(other).Single();
        Assert.That(problem.Kind, Is.EqualTo(SchemaProblemKind.DTypeMismatch));
        Assert.That(problem.Message, Is.EqualTo("field 'image': expected dtype float32, got uint8"));
    }

    [Test]
    public void A_given_shape_is_checked_when_strict()
    {
        var record = new SchemaRecord("Frames", "1.0.0", [new SchemaField("frame", SchemaFieldType.ForNdArray("uint8", [null, 3]))]);
        var strict = new DynamicSchema(record, new DynamicSchemaOptions { StrictDType = true });
        Assert.That(strict.Validate(Sample(("frame", s_bytePayload))), Is.Empty);
        var problem = strict.Validate(Sample(("frame", new NdArray("|u1", new byte[6], 3, 2)))).Single();
        Assert.That(problem.Kind, Is.EqualTo(SchemaProblemKind.ShapeMismatch));
        Assert.That(problem.Message, Is.EqualTo("field 'frame': expected shape (None, 3), got (3, 2)"));
        Assert.That(new DynamicSchema(record).Validate(Sample(("frame", new NdArray("|u1", new byte[6], 6)))), Is.Empty);
    }

    [Test]
    public void Unknown_fields_are_allowed_by_default_and_reported_on_request()
    {
        var extra = ValidImage(("extra", 1));
        Assert.That(new DynamicSchema(ImageSample).Validate(extra), Is.Empty);
        var closed = new DynamicSchema(ImageSample, new DynamicSchemaOptions { AllowUnknownFields = false });
        var problem = closed.Validate(extra).Single();
        Assert.That(problem.Kind, Is.EqualTo(SchemaProblemKind.UnknownField));
        Assert.That(problem.Message, Is.EqualTo("field 'extra' is not in the schema"));
    }

    [Test]
    public void EnsureValid_throws_with_every_problem()
    {
        var schema = new DynamicSchema(ImageSample);
        var sample = Without(ValidImage(("label", 1), ("confidence", "x")), "image");
        var e = Assert.Throws<SchemaMismatchException>(() => schema.EnsureValid(sample));
        Assert.That(e!.SchemaName, Is.EqualTo("ImageSample"));
        Assert.That(e.SchemaVersion, Is.EqualTo("1.0.0"));
        Assert.That(e.Problems, Has.Count.EqualTo(3));
        Assert.That(e.FieldNames, Is.EqualTo(new[] { "image", "label", "confidence" }));
        Assert.That(e.MissingFields, Is.EqualTo(new[] { "image" }));
        Assert.That(e.Message, Is.EqualTo("The sample does not match schema ImageSample@1.0.0 (3 problems): required field 'image' is missing; field 'label': expected str, got int 1; field 'confidence': expected float, got str 'x'"));
        Assert.That(e, Is.InstanceOf<AtdataException>());
    }

    [Test]
    public void Optional_fields_may_come_before_required_ones()
    {
        var record = new SchemaRecord("S", "1.0.0", [new SchemaField("a", SchemaFieldType.Str, optional: true), new SchemaField("b", SchemaFieldType.Int)]);
        var schema = new DynamicSchema(record);
        Assert.That(schema.Validate(Sample(("b", 1))), Is.Empty);
    }

    [Test]
    public void V07_byte_kinds_need_bytes_and_structured_needs_an_array()
    {
        var record = new SchemaRecord("S", "1.0.0",
        [
            new SchemaField("frame", SchemaFieldType.ForKind("dataframe")),
            new SchemaField("table", SchemaFieldType.ForKind("structured")),
        ]);
        var schema = new DynamicSchema(record);
        Assert.That(schema.Validate(Sample(("frame", new byte[] { 1 }), ("table", s_bytePayload))), Is.Empty);
        Assert.That(schema.Validate(Sample(("frame", "x"), ("table", "y"))).Select(p => p.Message), Is.EqualTo(new[]
        {
            "field 'frame': expected bytes (dataframe), got str 'x'",
            "field 'table': expected structured ndarray, got str 'y'",
        }));
    }

    [TestCase("""{"name":"S","version":"1.0.0","fields":[]}""", "no fields")]
    [TestCase("""{"name":"my-type","version":"1.0.0","fields":[{"name":"x","fieldType":{"$type":"local#primitive","primitive":"int"}}]}""", "Python class name")]
    [TestCase("""{"name":"S","version":"1.0.0","fields":[{"name":"class","fieldType":{"$type":"local#primitive","primitive":"int"}}]}""", "'class' is not a valid Python identifier")]
    [TestCase("""{"name":"S","version":"1.0.0","fields":[{"name":"2x","fieldType":{"$type":"local#primitive","primitive":"int"}}]}""", "'2x' is not a valid Python identifier")]
    [TestCase("""{"name":"S","version":"1.0.0","fields":[{"name":"other","fieldType":{"$type":"local#ref","ref":"atdata://local/schema/O@1.0.0"}}]}""", "Field 'other' is a reference")]
    [TestCase("""{"name":"S","version":"1.0.0","fields":[{"name":"many","fieldType":{"$type":"local#array","items":{"$type":"local#ref","ref":"x"}}}]}""", "Field 'many' is a reference")]
    [TestCase("""{"name":"S","version":"1.0.0","fields":[{"name":"h","fieldType":{"$type":"local#hologram"}}]}""", "unknown kind 'hologram'")]
    public void Records_python_cannot_rebuild_are_refused(string json, string message)
    {
        var e = Assert.Throws<SchemaFormatException>(() => _ = new DynamicSchema(SchemaRecord.Parse(json)));
        Assert.That(e!.Message, Does.Contain(message));
    }

    [Test]
    public void Dotted_and_unicode_names_are_python_identifiers()
    {
        var record = new SchemaRecord("pkg.Échantillon", "1.0.0", [new SchemaField("étiquette_2", SchemaFieldType.Str), new SchemaField("match", SchemaFieldType.Int)]);
        Assert.DoesNotThrow(() => _ = new DynamicSchema(record));
    }
}
