using System.Security.Cryptography;
using Atdata.Shared;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Schema;

/// <summary>Every vector of entry_cids.json and schema_cids.json, including the intermediate bytes.</summary>
public class CidVectorTests
{
    private static readonly string[] s_localRecords = ["schema-image-as-stored", "schema-image-with-ref", "schema-text-null-description"];

    public static IEnumerable<TestCaseData> EntryIds()
        => SchemaVectors.Entries.Select(v => new TestCaseData(v.Id).SetName($"Entry_{v.Id}"));

    public static IEnumerable<TestCaseData> RecordIds()
        => SchemaVectors.Records.Select(v => new TestCaseData(v.Id).SetName($"Record_{v.Id}"));

    public static IEnumerable<TestCaseData> LocalRecordIds()
        => s_localRecords.Select(id => new TestCaseData(id).SetName($"LocalRecord_{id}"));

    [TestCaseSource(nameof(EntryIds))]
    public void Entry_dag_cbor_bytes_match(string id)
    {
        var v = SchemaVectors.Entry(id);
        var map = new Dictionary<string, object?> { ["schema_ref"] = v.SchemaRef, ["data_urls"] = v.DataUrls };
        Assert.That(Convert.ToHexStringLower(DagCbor.Encode(map)), Is.EqualTo(v.DagCborHex));
    }

    [TestCaseSource(nameof(EntryIds))]
    public void Entry_sha256_and_cid_bytes_match(string id)
    {
        var v = SchemaVectors.Entry(id);
        byte[] block = Convert.FromHexString(v.DagCborHex);
        Assert.That(Convert.ToHexStringLower(SHA256.HashData(block)), Is.EqualTo(v.Sha256Hex));
        Assert.That(Convert.ToHexStringLower(CidCodec.ComputeBinary(block)), Is.EqualTo(v.CidBytesHex));
        var cid = Cid.FromDagCbor(block);
        Assert.That(Convert.ToHexStringLower(cid.ToBytes()), Is.EqualTo(v.CidBytesHex));
        Assert.That(Convert.ToHexStringLower(cid.Digest.Span), Is.EqualTo(v.Sha256Hex));
        Assert.That(cid.ToString(), Is.EqualTo(v.Cid));
    }

    [TestCaseSource(nameof(EntryIds))]
    public void Entry_cid_matches(string id)
    {
        var v = SchemaVectors.Entry(id);
        var cid = Cid.ForEntry(v.SchemaRef, v.DataUrls);
        Assert.That(cid.ToString(), Is.EqualTo(v.Cid));
        Assert.That(cid.ToString(), Has.Length.EqualTo(59).And.StartWith("bafyrei"));
        Assert.That(Cid.Parse(v.Cid), Is.EqualTo(cid));
        Assert.That(cid.VerifyBlock(Convert.FromHexString(v.DagCborHex)), Is.True);
    }

    [TestCaseSource(nameof(EntryIds))]
    public void Entry_cid_through_a_parsed_schema_ref_keeps_the_exact_text(string id)
    {
        var v = SchemaVectors.Entry(id);
        Assert.That(Cid.ForEntry(SchemaRef.Parse(v.SchemaRef), v.DataUrls).ToString(), Is.EqualTo(v.Cid));
    }

    [TestCaseSource(nameof(RecordIds))]
    public void Record_dag_cbor_and_cid_match_as_plain_json(string id)
    {
        var v = SchemaVectors.Record(id);
        var value = PlainJson.ToValue(v.Input);
        Assert.That(Convert.ToHexStringLower(DagCbor.Encode(value)), Is.EqualTo(v.DagCborHex));
        Assert.That(Cid.Of(value).ToString(), Is.EqualTo(v.Cid));
        Assert.That(Cid.OfJson(v.Input.GetRawText()).ToString(), Is.EqualTo(v.Cid));
        Assert.That(Cid.Parse(v.Cid).Verify(value), Is.True);
    }

    [TestCaseSource(nameof(LocalRecordIds))]
    public void Local_record_through_SchemaRecord_gives_the_python_cbor_cid_and_json(string id)
    {
        var v = SchemaVectors.Record(id);
        var record = SchemaRecord.FromJson(v.Input);
        Assert.That(Convert.ToHexStringLower(DagCbor.Encode(record)), Is.EqualTo(v.DagCborHex));
        Assert.That(Cid.Of(record).ToString(), Is.EqualTo(v.Cid));
        Assert.That(record.ToJson(), Is.EqualTo(v.PythonJson));
    }

    [TestCaseSource(nameof(LocalRecordIds))]
    public void Python_json_parses_and_writes_back_byte_for_byte(string id)
    {
        var v = SchemaVectors.Record(id);
        var record = SchemaRecord.Parse(v.PythonJson!);
        Assert.That(record.ToJson(), Is.EqualTo(v.PythonJson));
        Assert.That(record.ToUtf8Json(), Is.EqualTo(System.Text.Encoding.UTF8.GetBytes(v.PythonJson!)));
        Assert.That(Cid.Of(record).ToString(), Is.EqualTo(v.Cid));
        Assert.That(Cid.OfJson(v.PythonJson!).ToString(), Is.EqualTo(v.Cid));
    }

    [Test]
    public void Image_sample_json_equals_the_stored_python_string()
    {
        var record = new SchemaRecord("ImageSample", "1.0.0",
        [
            new SchemaField("image", SchemaFieldType.ForNdArray("float32")),
            new SchemaField("label", SchemaFieldType.Str),
            new SchemaField("confidence", SchemaFieldType.Float),
            new SchemaField("tags", SchemaFieldType.ForArray(SchemaFieldType.Str)),
            new SchemaField("note", SchemaFieldType.Str, optional: true),
        ])
        {
            Description = "A sample with an image and label.",
            CreatedAt = new DateTimeOffset(2026, 1, 20, 23, 8, 8, TimeSpan.Zero).AddTicks(1_234_560),
        };
        var v = SchemaVectors.Record("schema-image-as-stored");
        Assert.That(record.ToJson(), Is.EqualTo(v.PythonJson));
        Assert.That(Cid.Of(record).ToString(), Is.EqualTo(v.Cid));
        Assert.That(Cid.Of(record with { Ref = "atdata://local/schema/ImageSample@1.0.0" }).ToString(), Is.EqualTo(SchemaVectors.Record("schema-image-with-ref").Cid));
        Assert.That(SchemaRecord.Parse(v.PythonJson!), Is.EqualTo(record));
    }

    [Test]
    public void Generic_dicts_hash_the_same_in_any_key_order()
    {
        var ab = new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 };
        var ba = new Dictionary<string, object?> { ["b"] = 2, ["a"] = 1 };
        Assert.That(Cid.Of(ab), Is.EqualTo(Cid.Of(ba)));
        Assert.That(Cid.Of(ab).ToString(), Is.EqualTo(SchemaVectors.Record("generic-a1-b2").Cid));
    }
}
