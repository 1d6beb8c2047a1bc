using Atdata.Local.Tests.Redis;

namespace Atdata.Local.Tests.Sqlite;

/// <summary>Publishing, reading, listing and decoding schemas: the same behaviour from both backends.</summary>
[TestFixture(IndexBackend.Redis)]
[TestFixture(IndexBackend.Sqlite)]
[TestFixture(IndexBackend.Cluster)]
public sealed class SchemaContractTests(IndexBackend backend) : IndexTestBase(backend)
{
    protected override int DatabaseNumber => 9;

    private static SchemaRecord Image(params SchemaField[] extra) => SchemaTests.Image(extra);

    [Test]
    public async Task An_explicit_version_is_stored_read_listed_and_decoded()
    {
        await using var index = NewIndex();
        string schemaRef = await index.PublishSchemaAsync(Image(), version: "1.0.0", description: "Image with label annotation");
        Assert.That(schemaRef, Is.EqualTo("atdata://local/sampleSchema/ImageSample@1.0.0"));

        var schema = await index.GetSchemaAsync(schemaRef);
        Assert.That((schema.Name, schema.Version, schema.Description), Is.EqualTo(("ImageSample", "1.0.0", "Image with label annotation")));
        Assert.That(schema.CreatedAt, Is.Not.Null);
        Assert.That(schema.Ref, Is.EqualTo(schemaRef));
        Assert.That((await index.GetSchemaAsync("atdata://local/schema/ImageSample@1.0.0")).Fields, Has.Count.EqualTo(2));
        Assert.That((await index.GetSchemaAsync("local://schemas/my.module.ImageSample@1.0.0")).Fields, Has.Count.EqualTo(2));

        var listed = new List<SchemaRecord>();
        await foreach (var s in index.ListSchemasAsync())
        {
            listed.Add(s);
        }

        Assert.That(listed.Select(s => s.Ref), Is.EqualTo(new[] { schemaRef }));
        DynamicSchema type = await index.DecodeSchemaAsync(schemaRef);
        Assert.That(type.Fields.Select(f => f.Name), Is.EqualTo(new[] { "image", "label" }));
    }

    [Test]
    public async Task The_generated_schema_of_a_packable_type_publishes_idempotently()
    {
        await using var index = NewIndex();
        string schemaRef = await index.PublishSchemaAsync<TextSample>(version: "2.0.0");
        Assert.That((await index.GetSchemaAsync(schemaRef)).Fields.Select(f => f.Name), Is.EqualTo(new[] { "text", "id" }));
        Assert.That(await index.PublishSchemaAsync<TextSample>(version: "2.0.0"), Is.EqualTo(schemaRef));
        Assert.That(await index.PublishSchemaAsync<TextSample>(), Is.EqualTo(schemaRef), "without a version, identical content reuses the highest version");
    }

    [Test]
    public async Task An_omitted_version_bumps_the_patch_only_when_the_content_changes()
    {
        await using var index = NewIndex();
        Assert.That(await index.PublishSchemaAsync(Image()), Does.EndWith("@1.0.0"));
        Assert.That(await index.PublishSchemaAsync(Image()), Does.EndWith("@1.0.0"));
        Assert.That(await index.PublishSchemaAsync(Image(new SchemaField("a", SchemaFieldType.Int))), Does.EndWith("@1.0.1"));
        Assert.That(await index.PublishSchemaAsync(Image(new SchemaField("b", SchemaFieldType.Int)), "1.4.0"), Does.EndWith("@1.4.0"));
        Assert.That(await index.PublishSchemaAsync(Image(new SchemaField("c", SchemaFieldType.Int))), Does.EndWith("@1.4.1"));
    }

    [Test]
    public async Task Different_content_under_a_stored_version_is_a_mismatch_and_changes_nothing()
    {
        await using var index = NewIndex();
        await index.PublishSchemaAsync(Image(), "1.0.0");
        var before = await index.GetSchemaAsync("atdata://local/sampleSchema/ImageSample@1.0.0");
        Assert.That(await index.PublishSchemaAsync(Image(), "1.0.0"), Is.EqualTo("atdata://local/sampleSchema/ImageSample@1.0.0"));

        var ex = Assert.ThrowsAsync<SchemaMismatchException>(() => index.PublishSchemaAsync(Image(new SchemaField("extra", SchemaFieldType.Int)), "1.0.0"));
        Assert.That(ex!.FieldNames, Does.Contain("extra"));
        var after = await index.GetSchemaAsync("atdata://local/sampleSchema/ImageSample@1.0.0");
        Assert.That(after.Fields, Has.Count.EqualTo(2));
        Assert.That(after.CreatedAt, Is.EqualTo(before.CreatedAt), "the stored record is kept as it was");
    }

    [Test]
    public async Task Concurrent_auto_versions_from_several_indexes_are_distinct()
    {
        const int Writers = 5;
        var indexes = Enumerable.Range(0, Writers).Select(_ => NewIndex()).ToArray();
        try
        {
            var refs = await Task.WhenAll(indexes.Select((index, i) => Task.Run(() => index.PublishSchemaAsync(Image(new SchemaField($"f{i}", SchemaFieldType.Int))))));
            Assert.That(refs.Distinct().Count(), Is.EqualTo(Writers));
            for (int i = 0; i < Writers; i++)
            {
                Assert.That((await indexes[0].GetSchemaAsync(refs[i])).Fields.Select(f => f.Name), Does.Contain($"f{i}"));
            }
        }
        finally
        {
            foreach (var index in indexes)
            {
                await index.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task A_missing_schema_raises_SchemaNotFound()
    {
        await using var index = NewIndex();
        Assert.ThrowsAsync<SchemaNotFoundException>(() => index.GetSchemaAsync("atdata://local/sampleSchema/Nope@1.0.0"));
    }
}
