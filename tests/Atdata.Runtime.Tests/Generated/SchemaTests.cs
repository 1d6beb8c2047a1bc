using System.Collections.ObjectModel;
using System.Globalization;
using Atdata.Runtime.Tests.Generated.Published;
using Atdata.Runtime.Tests.Schema;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Generated;

/// <summary>
/// The generated <c>T.Schema</c>, <c>T.Fields</c> and <c>T.SchemaCid</c>: the generator's build-time CID equals the
/// runtime's, and the schema JSON of the vector types is Python's byte for byte.
/// </summary>
public class SchemaTests
{
    private static readonly DateTimeOffset s_vectorCreatedAt = DateTimeOffset.Parse("2026-01-20T23:08:08.123456+00:00", CultureInfo.InvariantCulture);

    /// <summary>One check per generated type: generator (build time) and runtime agree, and the members are consistent.</summary>
    private static IEnumerable<TestCaseData> Types()
    {
        yield return Case<FixtureSample>();
        yield return Case<Primitives>();
        yield return Case<IntBoundaries>();
        yield return Case<StrBoundaries>();
        yield return Case<Generated.ImageSample>();
        yield return Case<OptionalImageSample>();
        yield return Case<IntegralFloat>();
        yield return Case<UInt64Max>();
        yield return Case<AllTypes>();
        yield return Case<PointSample>();
        yield return Case<MutablePoint>();
        yield return Case<Outer.Middle.NestedSample>();
        yield return Case<GlobalNamespaceSample>();
        yield return Case<Published.ImageSample>();
        yield return Case<TextSample>();
        yield return Case<Clashing>();

        static TestCaseData Case<T>()
            where T : IPackable<T>
            => new TestCaseData(new Action(Check<T>)).SetName("Generator and runtime agree: " + typeof(T).Name);
    }

    [TestCaseSource(nameof(Types))]
    public void Generator_and_runtime_agree(Action check) => check();

    private static void Check<T>()
        where T : IPackable<T>
    {
        var schema = T.Schema;
        Assert.That(T.SchemaCid, Is.EqualTo(schema.ComputeStableCid().ToString()));
        Assert.That(T.SchemaCid, Does.StartWith("bafyrei").And.Length.EqualTo(59));
        Assert.That(schema.Name, Is.EqualTo(T.SchemaName));
        Assert.That(schema.CreatedAt, Is.Null);
        Assert.That(schema.Ref, Is.Null);
        Assert.That(T.Schema, Is.SameAs(schema), "created once");
        Assert.That(SchemaRecord.Parse(schema.ToJson()), Is.EqualTo(schema));
        Assert.That(Cid.OfJson(schema.ToJson()).ToString(), Is.EqualTo(T.SchemaCid));

        var fields = T.Fields;
        Assert.That(fields, Is.InstanceOf<ReadOnlyCollection<FieldDescriptor>>());
        Assert.That(T.Fields, Is.SameAs(fields));
        Assert.That(fields, Has.Count.EqualTo(schema.Fields.Count));
        for (int i = 0; i < fields.Count; i++)
        {
            var descriptor = fields[i];
            var field = schema.Fields[i];
            Assert.That(descriptor.WireName, Is.EqualTo(field.Name));
            Assert.That(descriptor.Ordinal, Is.EqualTo(i));
            Assert.That(descriptor.IsOptional, Is.EqualTo(field.Optional));
            Assert.That(descriptor.FieldId, Is.EqualTo(FieldDescriptor.ComputeFieldId(field.Name)));
            Assert.That(descriptor.Kind, Is.EqualTo(KindOf(field.FieldType)), field.Name);
            Assert.That(descriptor.DType, Is.EqualTo(field.FieldType.Kind == SchemaFieldKind.NdArray ? field.FieldType.DType : null));
        }
    }

    private static FieldKind KindOf(SchemaFieldType type) => type.Kind switch
    {
        SchemaFieldKind.NdArray => FieldKind.NdArray,
        SchemaFieldKind.Array => FieldKind.Array,
        SchemaFieldKind.Map => FieldKind.Map,
        _ => type.Primitive switch
        {
            SchemaPrimitive.Str => FieldKind.String,
            SchemaPrimitive.Bool => FieldKind.Bool,
            SchemaPrimitive.Int => FieldKind.Int,
            SchemaPrimitive.Float => FieldKind.Float,
            _ => FieldKind.Bytes,
        },
    };

    [Test]
    public void Image_sample_has_the_vector_records_stable_cid()
    {
        Assert.That(Published.ImageSample.SchemaCid, Is.EqualTo(SchemaRecordTests.ImageSampleStableCid));
        Assert.That(Published.ImageSample.Schema.ComputeStableCid().ToString(), Is.EqualTo(SchemaRecordTests.ImageSampleStableCid));
    }

    [TestCase("schema-image-as-stored")]
    [TestCase("schema-text-null-description")]
    public void Generated_schema_json_is_pythons_byte_for_byte(string id)
    {
        var vector = SchemaVectors.Record(id);
        var schema = id.Contains("image", StringComparison.Ordinal) ? Published.ImageSample.Schema : TextSample.Schema;
        var published = schema with { CreatedAt = s_vectorCreatedAt };
        Assert.That(published.ToJson(), Is.EqualTo(vector.PythonJson));
        Assert.That(published.ToUtf8Json(), Is.EqualTo(System.Text.Encoding.UTF8.GetBytes(vector.PythonJson!)));
        Assert.That(Cid.Of(published).ToString(), Is.EqualTo(vector.Cid));
        Assert.That(schema, Is.EqualTo(SchemaRecord.Parse(vector.PythonJson!) with { CreatedAt = null }));
    }

    [Test]
    public void Field_types_follow_the_documented_mapping()
    {
        var types = AllTypes.Schema.Fields.ToDictionary(f => f.Name, f => f.FieldType.ToString());
        Assert.That(types["str"], Is.EqualTo("str"));
        Assert.That(types["flag"], Is.EqualTo("bool"));
        Assert.That(new[] { "i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64", "color", "offset" }.Select(n => types[n]), Is.All.EqualTo("int"));
        Assert.That(new[] { "half", "f32", "f64" }.Select(n => types[n]), Is.All.EqualTo("float"));
        Assert.That(new[] { "bytes", "memory", "opt_bytes", "opt_memory" }.Select(n => types[n]), Is.All.EqualTo("bytes"));
        Assert.That(types["a_bool"], Is.EqualTo("ndarray[bool]"));
        Assert.That(types["ai8"], Is.EqualTo("ndarray[int8]"));
        Assert.That(types["au64"], Is.EqualTo("ndarray[uint64]"));
        Assert.That(types["af16"], Is.EqualTo("ndarray[float16]"));
        Assert.That(types["af32"], Is.EqualTo("ndarray[float32]"));
        Assert.That(types["af64"], Is.EqualTo("ndarray[float64]"));
        Assert.That(types["ac128"], Is.EqualTo("ndarray[complex128]"));
        Assert.That(types["untyped"], Is.EqualTo("ndarray[float32]"), "an untyped NdArray is described as Python's bare NDArray");
        Assert.That(types["str_array"], Is.EqualTo("list[str]"));
        Assert.That(types["nullable_items"], Is.EqualTo("list[str]"), "item nullability is not part of a schema");
        Assert.That(types["blobs"], Is.EqualTo("list[bytes]"));
        Assert.That(types["colors"], Is.EqualTo("list[int]"));
        Assert.That(types["str_map"], Is.EqualTo("dict[str, str]"));
        Assert.That(types["opt_map"], Is.EqualTo("dict[str, int]"));
        Assert.That(AllTypes.Schema.Fields.Where(f => f.Optional).Select(f => f.Name), Is.EqualTo(new[]
        {
            "opt_str", "opt_int", "opt_color", "opt_bytes", "opt_memory", "opt_array", "opt_untyped", "opt_list", "opt_immutable", "opt_map",
        }));
        Assert.That(AllTypes.Schema.Fields.Select(f => f.Name), Does.Not.Contain("computed").And.Not.Contain("scratch"));
    }

    [Test]
    public void Generated_schemas_validate_the_samples_of_their_type()
    {
        var image = new Published.ImageSample(new NdArray<float>([1f, 2f], 1, 2), "cat", 0.5, ["a"], null);
        var strict = new DynamicSchema(Published.ImageSample.Schema, new DynamicSchemaOptions { StrictDType = true, AllowUnknownFields = false });
        Assert.That(strict.Validate(DynamicSample.Unpack(image.Pack())), Is.Empty);

        var all = TestData.NewAllTypes() with { NullableItems = ["a"], OptMap = null };
        var schema = new DynamicSchema(AllTypes.Schema, new DynamicSchemaOptions { AllowUnknownFields = false });
        Assert.That(schema.Validate(DynamicSample.Unpack(all.Pack())), Is.Empty);
    }

    [Test]
    public void Clashing_member_names_keep_the_users_members_and_the_interface_works()
    {
        var sample = new Clashing("users schema", 3) { SchemaCid = "mine" };
        Assert.That(sample.Schema, Is.EqualTo("users schema"));
        Assert.That(sample.Fields, Is.EqualTo(3));
        Assert.That(sample.SchemaCid, Is.EqualTo("mine"));
        Assert.That(SchemaOf<Clashing>().Fields.Select(f => f.Name), Is.EqualTo(new[] { "schema", "fields", "schema_cid" }));
        Assert.That(SchemaOf<Clashing>().Version, Is.EqualTo("3.0.0"));
        Assert.That(Clashing.Unpack(sample.Pack()), Is.EqualTo(sample));
    }

    private static SchemaRecord SchemaOf<T>()
        where T : IPackable<T>
        => T.Schema;
}
