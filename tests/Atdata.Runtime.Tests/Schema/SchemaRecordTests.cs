using NUnit.Framework;

namespace Atdata.Runtime.Tests.Schema;

/// <summary>Schema JSON exactly as Python's json.dumps writes it, and reading any valid spelling.</summary>
public class SchemaRecordTests
{
    /// <summary>
    /// The ImageSample record of schema_cids.json without createdAt (what the generator emits as T.SchemaCid),
    /// cross-checked with an independent canonical DAG-CBOR + hashlib script.
    /// </summary>
    internal const string ImageSampleStableCid = "bafyreiemy622z5jpdqhua3n3mpbm7w45ytmeuvapmpjejjbkqc3s4ggxja";

    private static SchemaRecord Small(string description) => new("S", "1.0.0", [new SchemaField("x", SchemaFieldType.Int)]) { Description = description };

    // Expected strings are python3 -c 'import json; print(json.dumps({...}))' output.
    [TestCase("é", "\\u00e9")]
    [TestCase("日本", "\\u65e5\\u672c")]
    [TestCase("😀", "\\ud83d\\ude00")]
    [TestCase("say \"hi\"", "say \\\"hi\\\"")]
    [TestCase("back\\slash", "back\\\\slash")]
    [TestCase("a\nb\rc\td\be\ff", "a\\nb\\rc\\td\\be\\ff")]
    [TestCase("\u0000\u001f", "\\u0000\\u001f")]
    [TestCase("\u007f\u0080", "\\u007f\\u0080")]
    [TestCase("/<>&'", "/<>&'")]
    [TestCase("\u2028", "\\u2028")]
    public void Strings_are_escaped_as_python_does(string text, string escaped)
    {
        string expected = "{\"name\": \"S\", \"version\": \"1.0.0\", \"fields\": [{\"name\": \"x\", \"fieldType\": {\"$type\": \"local#primitive\", \"primitive\": \"int\"}, \"optional\": false}], \"description\": \"" + escaped + "\"}";
        Assert.That(Small(text).ToJson(), Is.EqualTo(expected));
    }

    [Test]
    public void An_unpaired_surrogate_is_escaped_as_python_does()
    {
        // Attribute arguments cannot carry a lone surrogate, hence a separate test. python3: json.dumps("\ud800x\udc00").
        Assert.That(Small("\ud800x\udc00").ToJson(), Does.EndWith("\"description\": \"\\ud800x\\udc00\"}"));
    }

    [Test]
    public void Escaped_text_reads_back_to_the_same_string()
    {
        const string text = "é日本😀\"\\\n\r\t\b\f\u0000\u001f\u007f/";
        var record = Small(text);
        Assert.That(SchemaRecord.Parse(record.ToJson()).Description, Is.EqualTo(text));
        Assert.That(SchemaRecord.Parse(record.ToJson()), Is.EqualTo(record));
    }

    // python3: datetime(...).isoformat()
    [TestCase(0L, 0, "2026-01-20T23:08:08+00:00")]
    [TestCase(50L, 0, "2026-01-20T23:08:08.000005+00:00")]
    [TestCase(1_234_560L, 0, "2026-01-20T23:08:08.123456+00:00")]
    [TestCase(1_234_567L, 0, "2026-01-20T23:08:08.123456+00:00")]
    [TestCase(50L, -330, "2026-01-20T23:08:08.000005-05:30")]
    [TestCase(0L, 120, "2026-01-20T23:08:08+02:00")]
    public void Created_at_is_written_as_python_isoformat(long ticks, int offsetMinutes, string expected)
    {
        var offset = TimeSpan.FromMinutes(offsetMinutes);
        var created = new DateTimeOffset(2026, 1, 20, 23, 8, 8, offset).AddTicks(ticks);
        var json = (Small("d") with { CreatedAt = created }).ToJson();
        Assert.That(json, Does.EndWith($"\"description\": \"d\", \"createdAt\": \"{expected}\"}}"));
        var parsed = SchemaRecord.Parse(json).CreatedAt!.Value;
        Assert.That(parsed.Offset, Is.EqualTo(offset));
        Assert.That(parsed.Ticks, Is.EqualTo(created.Ticks - (ticks % 10)));
    }

    [Test]
    public void A_record_without_description_writes_null_and_without_created_at_omits_the_key()
    {
        var record = new SchemaRecord("S", "1.0.0", [new SchemaField("x", SchemaFieldType.Bytes, optional: true)]);
        Assert.That(record.ToJson(), Is.EqualTo("{\"name\": \"S\", \"version\": \"1.0.0\", \"fields\": [{\"name\": \"x\", \"fieldType\": {\"$type\": \"local#primitive\", \"primitive\": \"bytes\"}, \"optional\": true}], \"description\": null}"));
    }

    [Test]
    public void Any_valid_json_spelling_is_read()
    {
        const string json = """
            {
              "fields" : [ { "optional":false, "fieldType":{ "primitive":"str","$type":"local#primitive" }, "name":"label" } ],
              "version":"2.0.1", "name":"\u0053ample", "unknownKey": {"nested": [1, 2.5, null]},
              "description":"caf\u00e9", "createdAt":"2026-01-20T23:08:08.123456+00:00", "$ref":"atdata://local/schema/Sample@2.0.1"
            }
            """;
        var record = SchemaRecord.Parse(json);
        Assert.That(record.Name, Is.EqualTo("Sample"));
        Assert.That(record.Version, Is.EqualTo("2.0.1"));
        Assert.That(record.Description, Is.EqualTo("café"));
        Assert.That(record.Ref, Is.EqualTo("atdata://local/schema/Sample@2.0.1"));
        Assert.That(record.Fields, Is.EqualTo(new[] { new SchemaField("label", SchemaFieldType.Str) }));
        Assert.That(record.ToJson(), Is.EqualTo("{\"name\": \"Sample\", \"version\": \"2.0.1\", \"fields\": [{\"name\": \"label\", \"fieldType\": {\"$type\": \"local#primitive\", \"primitive\": \"str\"}, \"optional\": false}], \"description\": \"caf\\u00e9\", \"createdAt\": \"2026-01-20T23:08:08.123456+00:00\", \"$ref\": \"atdata://local/schema/Sample@2.0.1\"}"));
    }

    [Test]
    public void The_kind_key_is_read_when_type_is_absent_and_the_type_prefix_is_ignored()
    {
        var record = SchemaRecord.Parse("""{"name":"S","version":"1.0.0","fields":[{"name":"a","fieldType":{"kind":"ndarray","dtype":"int64"}},{"name":"b","fieldType":{"$type":"science.alt.dataset.schema#primitive","primitive":"bool"}}]}""");
        Assert.That(record.Fields[0].FieldType, Is.EqualTo(SchemaFieldType.ForNdArray("int64")));
        Assert.That(record.Fields[0].Optional, Is.False);
        Assert.That(record.Fields[1].FieldType, Is.EqualTo(SchemaFieldType.Bool));
    }

    [Test]
    public void Nested_arrays_v07_kinds_and_atmosphere_shapes_round_trip()
    {
        var record = new SchemaRecord("Everything", "0.7.0",
        [
            new SchemaField("grid", SchemaFieldType.ForArray(SchemaFieldType.ForArray(SchemaFieldType.Int))),
            new SchemaField("frame", SchemaFieldType.ForKind("dataframe")),
            new SchemaField("matrix", SchemaFieldType.ForKind("sparse"), optional: true),
            new SchemaField("future", SchemaFieldType.ForKind("hologram")),
            new SchemaField("image", SchemaFieldType.ForNdArray("uint8", [null, 28, 28], ["batch", "h", "w"])),
            new SchemaField("raw", SchemaFieldType.ForNdArray(dtype: null)),
            new SchemaField("other", SchemaFieldType.ForRef("atdata://local/schema/Other@1.0.0")),
        ]);
        string json = record.ToJson();
        Assert.That(json, Does.Contain("{\"name\": \"grid\", \"fieldType\": {\"$type\": \"local#array\", \"items\": {\"$type\": \"local#array\", \"items\": {\"$type\": \"local#primitive\", \"primitive\": \"int\"}}}, \"optional\": false}"));
        Assert.That(json, Does.Contain("{\"name\": \"frame\", \"fieldType\": {\"$type\": \"local#dataframe\"}, \"optional\": false}"));
        Assert.That(json, Does.Contain("{\"$type\": \"local#ndarray\", \"dtype\": \"uint8\", \"shape\": [null, 28, 28], \"dimensionNames\": [\"batch\", \"h\", \"w\"]}"));
        Assert.That(json, Does.Contain("{\"name\": \"raw\", \"fieldType\": {\"$type\": \"local#ndarray\"}, \"optional\": false}"));
        Assert.That(json, Does.Contain("{\"$type\": \"local#ref\", \"ref\": \"atdata://local/schema/Other@1.0.0\"}"));
        var parsed = SchemaRecord.Parse(json);
        Assert.That(parsed, Is.EqualTo(record));
        Assert.That(parsed.ToJson(), Is.EqualTo(json));
        Assert.That(parsed.Fields[3].FieldType.Kind, Is.EqualTo(SchemaFieldKind.Other));
        Assert.That(parsed.Fields[3].FieldType.KindName, Is.EqualTo("hologram"));
        Assert.That(Cid.Of(parsed), Is.EqualTo(Cid.OfJson(json)));
    }

    [Test]
    public void Map_fields_are_this_sdks_extension_kind_and_round_trip()
    {
        var record = new SchemaRecord("Counts", "1.0.0",
        [
            new SchemaField("extra", SchemaFieldType.ForMap(SchemaFieldType.Int)),
            new SchemaField("images", SchemaFieldType.ForMap(SchemaFieldType.ForNdArray("uint8")), optional: true),
        ]);
        string json = record.ToJson();
        Assert.That(json, Does.Contain("{\"name\": \"extra\", \"fieldType\": {\"$type\": \"local#map\", \"values\": {\"$type\": \"local#primitive\", \"primitive\": \"int\"}}, \"optional\": false}"));
        var parsed = SchemaRecord.Parse(json);
        Assert.That(parsed, Is.EqualTo(record));
        Assert.That(parsed.Fields[0].FieldType.Kind, Is.EqualTo(SchemaFieldKind.Map));
        Assert.That(parsed.Fields[0].FieldType.Values, Is.EqualTo(SchemaFieldType.Int));
        Assert.That(parsed.Fields[1].FieldType.ToString(), Is.EqualTo("dict[str, ndarray[uint8]]"));
        Assert.That(SchemaFieldType.ForMap(SchemaFieldType.Int), Is.Not.EqualTo(SchemaFieldType.ForMap(SchemaFieldType.Str)));
        Assert.That(SchemaFieldType.ForMap(SchemaFieldType.Int), Is.Not.EqualTo(SchemaFieldType.ForArray(SchemaFieldType.Int)));
        Assert.Throws<ArgumentException>(() => _ = SchemaFieldType.ForKind("map"));
        Assert.Throws<ArgumentNullException>(() => _ = SchemaFieldType.ForMap(null!));
        Assert.That(Cid.Of(parsed), Is.EqualTo(Cid.OfJson(json)));
    }

    [TestCase("""{"name":"S","version":"1.0.0","fields":[],"atdataSchemaVersion":2}""", "$.atdataSchemaVersion")]
    [TestCase("""{"name":"S","version":"1.0.0","fields":[],"$atdataSchemaVersion":5}""", "$.$atdataSchemaVersion")]
    [TestCase("""{"name":"S","version":"1.0.0","fields":[],"atdataSchemaVersion":"1"}""", "$.atdataSchemaVersion")]
    [TestCase("""{"name":"S","version":"1.0.0","schemaType":"jsonSchema","schema":{}}""", "$.schemaType")]
    [TestCase("""{"version":"1.0.0","fields":[]}""", "$")]
    [TestCase("""{"name":"S","version":1,"fields":[]}""", "$.version")]
    [TestCase("""{"name":"","version":"1.0.0","fields":[]}""", "$.name")]
    [TestCase("""{"name":"S","version":"1.0.0","fields":{}}""", "$.fields")]
    [TestCase("""{"name":"S","version":"1.0.0","fields":[{"name":"x","fieldType":{"$type":"local#primitive","primitive":"complex"}}]}""", "$.fields[0].fieldType.primitive")]
    [TestCase("""{"name":"S","version":"1.0.0","fields":[{"name":"x","fieldType":{"primitive":"str"}}]}""", "$.fields[0].fieldType")]
    [TestCase("""{"name":"S","version":"1.0.0","fields":[{"name":"x","fieldType":{"$type":"local#array"}}]}""", "$.fields[0].fieldType")]
    [TestCase("""{"name":"S","version":"1.0.0","fields":[{"name":"x","fieldType":{"$type":"local#map","items":{"$type":"local#primitive","primitive":"int"}}}]}""", "$.fields[0].fieldType")]
    [TestCase("""{"name":"S","version":"1.0.0","fields":[{"name":"x","fieldType":{"$type":"local#ndarray","shape":[-1]}}]}""", "$.fields[0].fieldType.shape[0]")]
    [TestCase("""{"name":"S","version":"1.0.0","fields":[{"name":"x","fieldType":{"$type":"local#primitive","primitive":"str"},"optional":"yes"}]}""", "$.fields[0].optional")]
    [TestCase("""{"name":"S","version":"1.0.0","fields":[{"name":"x","fieldType":{"$type":"local#primitive","primitive":"str"}},{"name":"x","fieldType":{"$type":"local#primitive","primitive":"int"}}]}""", "$.fields[1]")]
    [TestCase("""{"name":"S","version":"1.0.0","fields":[],"createdAt":"yesterday"}""", "$.createdAt")]
    [TestCase("""[1, 2]""", "$")]
    public void Malformed_records_are_rejected_with_a_path(string json, string path)
    {
        var e = Assert.Throws<SchemaFormatException>(() => SchemaRecord.Parse(json));
        Assert.That(e!.Path, Is.EqualTo(path));
    }

    [Test]
    public void Format_version_one_is_accepted()
        => Assert.That(SchemaRecord.Parse("""{"name":"S","version":"1.0.0","fields":[],"atdataSchemaVersion":1}""").Fields, Is.Empty);

    [TestCase("{")]
    [TestCase("{\"name\": \"S\",}")]
    [TestCase("")]
    public void Invalid_json_is_a_schema_format_error(string json)
    {
        var e = Assert.Throws<SchemaFormatException>(() => SchemaRecord.Parse(json));
        Assert.That(e!.InnerException, Is.InstanceOf<System.Text.Json.JsonException>());
    }

    [Test]
    public void A_repeated_key_keeps_its_last_value_as_python_does()
        => Assert.That(SchemaRecord.Parse("""{"name":"A","name":"B","version":"1.0.0","fields":[]}""").Name, Is.EqualTo("B"));

    [Test]
    public void Records_have_value_equality_and_with()
    {
        var a = SchemaRecord.Parse(SchemaVectors.Record("schema-image-as-stored").PythonJson!);
        var b = SchemaRecord.Parse(SchemaVectors.Record("schema-image-as-stored").PythonJson!);
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
        Assert.That(a == b, Is.True);
        Assert.That(a with { Version = "1.0.1" }, Is.Not.EqualTo(a));
        Assert.That(a with { Description = null }, Is.Not.EqualTo(a));
        Assert.That(a with { Fields = a.Fields.Reverse().ToArray() }, Is.Not.EqualTo(a));
        Assert.That(a.ToString(), Is.EqualTo("ImageSample@1.0.0"));
        var sameInstantOtherOffset = a.CreatedAt!.Value.ToOffset(TimeSpan.FromHours(2));
        Assert.That(a with { CreatedAt = sameInstantOtherOffset }, Is.Not.EqualTo(a), "the offset is written, so it is part of equality");
    }

    [Test]
    public void The_stable_cid_ignores_created_at_and_ref_but_not_shape_version_or_description()
    {
        var stored = SchemaRecord.Parse(SchemaVectors.Record("schema-image-as-stored").PythonJson!);
        var stable = stored.ComputeStableCid();
        Assert.That(stable.ToString(), Is.EqualTo(ImageSampleStableCid));
        Assert.That((stored with { CreatedAt = DateTimeOffset.UnixEpoch, Ref = "atdata://local/schema/ImageSample@1.0.0" }).ComputeStableCid(), Is.EqualTo(stable));
        Assert.That((stored with { Version = "1.0.1" }).ComputeStableCid(), Is.Not.EqualTo(stable));
        Assert.That((stored with { Description = "other" }).ComputeStableCid(), Is.Not.EqualTo(stable));
        var fields = stored.Fields.ToArray();
        fields[4] = fields[4] with { Optional = false };
        Assert.That((stored with { Fields = fields }).ComputeStableCid(), Is.Not.EqualTo(stable));
        Assert.That((stored with { Fields = stored.Fields.Reverse().ToArray() }).ComputeStableCid(), Is.Not.EqualTo(stable));
    }

    [Test]
    public void Optional_before_required_is_kept_in_order_and_flagged()
    {
        var record = new SchemaRecord("S", "1.0.0", [new SchemaField("a", SchemaFieldType.Str, optional: true), new SchemaField("b", SchemaFieldType.Int)]);
        Assert.That(record.HasOptionalBeforeRequired, Is.True);
        Assert.That(record.Fields.Select(f => f.Name), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(SchemaRecord.Parse(record.ToJson()).Fields.Select(f => f.Name), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(SchemaRecord.Parse(SchemaVectors.Record("schema-text-null-description").PythonJson!).HasOptionalBeforeRequired, Is.False);
    }

    [Test]
    public void Construction_checks_its_arguments()
    {
        Assert.Throws<ArgumentException>(() => _ = new SchemaRecord("", "1.0.0", []));
        Assert.Throws<ArgumentException>(() => _ = new SchemaRecord("S", "", []));
        Assert.Throws<ArgumentNullException>(() => _ = new SchemaRecord("S", "1.0.0", null!));
        Assert.Throws<ArgumentException>(() => _ = new SchemaRecord("S", "1.0.0", [new SchemaField("x", SchemaFieldType.Str), new SchemaField("x", SchemaFieldType.Int)]));
        Assert.Throws<ArgumentException>(() => _ = new SchemaRecord("S", "1.0.0", [null!]));
        Assert.Throws<ArgumentException>(() => _ = new SchemaField("", SchemaFieldType.Str));
        Assert.Throws<ArgumentException>(() => _ = SchemaFieldType.ForKind("primitive"));
        Assert.Throws<ArgumentException>(() => _ = SchemaFieldType.ForKind("local#x"));
        Assert.Throws<ArgumentException>(() => _ = SchemaFieldType.ForNdArray(""));
        Assert.Throws<ArgumentException>(() => _ = SchemaFieldType.ForNdArray("float32", [-1]));
    }

    [Test]
    public void Field_types_describe_themselves_in_python_terms()
    {
        Assert.That(SchemaFieldType.ForArray(SchemaFieldType.ForNdArray()).ToString(), Is.EqualTo("list[ndarray[float32]]"));
        Assert.That(new SchemaField("note", SchemaFieldType.Str, optional: true).ToString(), Is.EqualTo("note: str | None"));
        Assert.That(SchemaFieldType.ForPrimitive(SchemaPrimitive.Float), Is.SameAs(SchemaFieldType.Float));
        Assert.That(SchemaFieldType.ForNdArray("int8", [1, null]), Is.EqualTo(SchemaFieldType.ForNdArray("int8", [1, null])));
        Assert.That(SchemaFieldType.ForNdArray("int8", [1, null]), Is.Not.EqualTo(SchemaFieldType.ForNdArray("int8", [1, 2])));
    }
}
