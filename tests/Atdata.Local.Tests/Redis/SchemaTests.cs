namespace Atdata.Local.Tests.Redis;

public sealed class SchemaTests : RedisTestBase
{
    protected override int DatabaseNumber => 14;

    /// <summary>An ImageSample schema with extra fields (shared with the backend contract tests).</summary>
    internal static SchemaRecord Image(params SchemaField[] extra) => new("ImageSample", "0.0.0",
        [new SchemaField("image", SchemaFieldType.ForNdArray()), new SchemaField("label", SchemaFieldType.Str), .. extra]);

    [Test]
    public async Task Publish_get_list_and_decode()
    {
        await using var index = NewIndex();
        string schemaRef = await index.PublishSchemaAsync(Image(), version: "1.0.0", description: "Image with label annotation");
        Assert.That(schemaRef, Is.EqualTo("atdata://local/sampleSchema/ImageSample@1.0.0"));

        string stored = (string)(await Db.StringGetAsync("LocalSchema:ImageSample@1.0.0"))!;
        Assert.That(stored, Does.StartWith("{\"name\": \"ImageSample\", \"version\": \"1.0.0\", \"fields\": ["));
        Assert.That(stored, Does.Not.Contain("$ref"));
        Assert.That(stored, Does.Contain("\"createdAt\": \""));

        var schema = await index.GetSchemaAsync(schemaRef);
        Assert.That(schema.Name, Is.EqualTo("ImageSample"));
        Assert.That(schema.Version, Is.EqualTo("1.0.0"));
        Assert.That(schema.Description, Is.EqualTo("Image with label annotation"));
        Assert.That(schema.CreatedAt, Is.Not.Null);
        Assert.That(schema.Ref, Is.EqualTo(schemaRef));

        foreach (var spelling in new[] { "atdata://local/schema/ImageSample@1.0.0", "local://schemas/my.module.ImageSample@1.0.0" })
        {
            Assert.That((await index.GetSchemaAsync(spelling)).Fields, Has.Count.EqualTo(2));
        }

        var listed = new List<SchemaRecord>();
        await foreach (var s in index.ListSchemasAsync())
        {
            listed.Add(s);
        }

        Assert.That(listed.Select(s => $"{s.Name}@{s.Version}"), Is.EqualTo(new[] { "ImageSample@1.0.0" }));

        DynamicSchema type = await index.DecodeSchemaAsync(schemaRef);
        Assert.That(type.Fields.Select(f => f.Name), Is.EqualTo(new[] { "image", "label" }));
    }

    [Test]
    public async Task Publishing_the_same_schema_again_is_idempotent_and_a_different_one_is_a_mismatch()
    {
        await using var index = NewIndex();
        await index.PublishSchemaAsync(Image(), "1.0.0");
        string first = (string)(await Db.StringGetAsync("LocalSchema:ImageSample@1.0.0"))!;
        Assert.That(await index.PublishSchemaAsync(Image(), "1.0.0"), Is.EqualTo("atdata://local/sampleSchema/ImageSample@1.0.0"));
        Assert.That((string)(await Db.StringGetAsync("LocalSchema:ImageSample@1.0.0"))!, Is.EqualTo(first), "the stored record (createdAt) is kept");

        var ex = Assert.ThrowsAsync<SchemaMismatchException>(() => index.PublishSchemaAsync(Image(new SchemaField("extra", SchemaFieldType.Int)), "1.0.0"));
        Assert.That(ex!.FieldNames, Does.Contain("extra"));
        Assert.That((string)(await Db.StringGetAsync("LocalSchema:ImageSample@1.0.0"))!, Is.EqualTo(first));
    }

    [Test]
    public async Task Omitted_version_bumps_the_patch_of_the_highest_strict_version()
    {
        await using var index = NewIndex();
        Assert.That(await index.PublishSchemaAsync(Image()), Does.EndWith("@1.0.0"));
        Assert.That(await index.PublishSchemaAsync(Image()), Does.EndWith("@1.0.0"), "unchanged content reuses the latest version");
        Assert.That(await index.PublishSchemaAsync(Image(new SchemaField("a", SchemaFieldType.Int))), Does.EndWith("@1.0.1"));

        // Versions Python wrote count too, including legacy module.Class keys; non-semver versions are ignored.
        await Db.StringSetAsync("LocalSchema:ImageSample@1.2.7", (string)(await Db.StringGetAsync("LocalSchema:ImageSample@1.0.0"))!);
        await Db.StringSetAsync("LocalSchema:ImageSample@latest", "{}");
        Assert.That(await index.PublishSchemaAsync(Image(new SchemaField("b", SchemaFieldType.Int))), Does.EndWith("@1.2.8"));
    }

    [Test]
    public async Task Missing_schema_raises_SchemaNotFound()
    {
        await using var index = NewIndex();
        Assert.ThrowsAsync<SchemaNotFoundException>(() => index.GetSchemaAsync("atdata://local/sampleSchema/Nope@1.0.0"));
        Assert.Throws<IdentifierFormatException>(() => index.GetSchemaAsync("not a ref").GetAwaiter().GetResult());
    }
}
