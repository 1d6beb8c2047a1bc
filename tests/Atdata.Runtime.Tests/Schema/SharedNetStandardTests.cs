extern alias SharedNetStandard;

using NUnit.Framework;
using Ns20 = SharedNetStandard::Atdata.Shared;

namespace Atdata.Runtime.Tests.Schema;

/// <summary>
/// The schema files the generator links (src/Atdata.Runtime/Schema/Shared), compiled for netstandard2.0 as
/// tests/Atdata.Schema.SharedCompile, produce the same JSON, DAG-CBOR and CIDs as the runtime's public API: the
/// proof that a generator-computed <c>T.SchemaCid</c> equals <see cref="SchemaRecord.ComputeStableCid"/>.
/// </summary>
public class SharedNetStandardTests
{
    [Test]
    public void The_shared_assembly_is_the_netstandard_build()
    {
        var assembly = typeof(Ns20.SchemaDocument).Assembly;
        var framework = assembly.GetCustomAttributes(typeof(System.Runtime.Versioning.TargetFrameworkAttribute), false)
            .Cast<System.Runtime.Versioning.TargetFrameworkAttribute>().Single();
        Assert.That(framework.FrameworkName, Is.EqualTo(".NETStandard,Version=v2.0"));
        Assert.That(assembly, Is.Not.SameAs(typeof(SchemaRecord).Assembly));
    }

    [Test]
    public void Image_sample_built_as_the_generator_would_matches_python_and_the_runtime()
    {
        var vector = SchemaVectors.Record("schema-image-as-stored");
        var document = ImageSampleDocument("2026-01-20T23:08:08.123456+00:00");
        Assert.That(Ns20.SchemaDocument.ToJson(document), Is.EqualTo(vector.PythonJson));
        Assert.That(Convert.ToHexStringLower(Ns20.SchemaDocument.ToDagCbor(document)), Is.EqualTo(vector.DagCborHex));
        Assert.That(Ns20.SchemaDocument.ComputeCid(document), Is.EqualTo(vector.Cid));
    }

    [Test]
    public void Stable_cid_without_created_at_agrees_with_the_runtime()
    {
        var runtime = SchemaRecord.Parse(SchemaVectors.Record("schema-image-as-stored").PythonJson!);
        var generated = ImageSampleDocument(createdAt: null);
        Assert.That(Ns20.SchemaDocument.ComputeCid(generated), Is.EqualTo(runtime.ComputeStableCid().ToString()));
        Assert.That(Ns20.SchemaDocument.ToJson(generated), Is.EqualTo((runtime with { CreatedAt = null }).ToJson()));
        Assert.That(runtime.ComputeStableCid().ToString(), Is.EqualTo(SchemaRecordTests.ImageSampleStableCid));
    }

    [Test]
    public void Entry_vectors_hash_the_same_on_netstandard()
    {
        foreach (var v in SchemaVectors.Entries)
        {
            var map = new Ns20.OrderedMap { { "schema_ref", v.SchemaRef }, { "data_urls", v.DataUrls.Cast<object?>().ToList() } };
            byte[] block = Ns20.DagCborEncoder.Encode(map);
            Assert.That(Convert.ToHexStringLower(block), Is.EqualTo(v.DagCborHex), v.Id);
            Assert.That(Convert.ToHexStringLower(Ns20.CidCodec.ComputeBinary(block)), Is.EqualTo(v.CidBytesHex), v.Id);
            Assert.That(Ns20.CidCodec.Compute(block), Is.EqualTo(v.Cid), v.Id);
        }
    }

    [TestCase("")]
    [TestCase("image")]
    [TestCase("image_url")]
    [TestCase("étiquette")]
    [TestCase("日本")]
    public void Field_ids_agree(string wireName)
        => Assert.That(Ns20.FieldId.Compute(wireName), Is.EqualTo(Atdata.Shared.FieldId.Compute(wireName)));

    [Test]
    public void Escaping_agrees()
    {
        const string text = "é日本😀\"\\\n\r\t\b\f\u0000\u001f\u007f/";
        Assert.That(Ns20.PythonJson.Serialize(text), Is.EqualTo(Atdata.Shared.PythonJson.Serialize(text)));
    }

    private static Ns20.OrderedMap ImageSampleDocument(string? createdAt) => Ns20.SchemaDocument.Record(
        "ImageSample",
        "1.0.0",
        [
            Ns20.SchemaDocument.Field("image", Ns20.SchemaDocument.NdArray("float32"), optional: false),
            Ns20.SchemaDocument.Field("label", Ns20.SchemaDocument.Primitive("str"), optional: false),
            Ns20.SchemaDocument.Field("confidence", Ns20.SchemaDocument.Primitive("float"), optional: false),
            Ns20.SchemaDocument.Field("tags", Ns20.SchemaDocument.Array(Ns20.SchemaDocument.Primitive("str")), optional: false),
            Ns20.SchemaDocument.Field("note", Ns20.SchemaDocument.Primitive("str"), optional: true),
        ],
        "A sample with an image and label.",
        createdAt);
}
