using NUnit.Framework;

namespace Atdata.Runtime.Tests.Schema;

/// <summary>The three local schema-reference spellings (interop §4.3) and strict versions.</summary>
public class SchemaRefTests
{
    [TestCase("atdata://local/sampleSchema/ImageSample@1.0.0", "ImageSample", "1.0.0", SchemaRefSpelling.SampleSchema, null)]
    [TestCase("atdata://local/schema/TextSample@1.0.2", "TextSample", "1.0.2", SchemaRefSpelling.Schema, null)]
    [TestCase("local://schemas/__main__.ImageSample@1.0.0", "ImageSample", "1.0.0", SchemaRefSpelling.LegacyLocal, "__main__")]
    [TestCase("local://schemas/my.pkg.models.ImageSample@2.1.0", "ImageSample", "2.1.0", SchemaRefSpelling.LegacyLocal, "my.pkg.models")]
    [TestCase("local://schemas/ImageSample@1.0.0", "ImageSample", "1.0.0", SchemaRefSpelling.LegacyLocal, null)]
    [TestCase("atdata://local/schema/Échantillon@2.1.0", "Échantillon", "2.1.0", SchemaRefSpelling.Schema, null)]
    [TestCase("atdata://local/schema/Odd@Name@1.0.0", "Odd@Name", "1.0.0", SchemaRefSpelling.Schema, null)]
    [TestCase("atdata://local/schema/Loose@latest", "Loose", "latest", SchemaRefSpelling.Schema, null)]
    public void Every_local_spelling_parses(string text, string name, string version, SchemaRefSpelling spelling, string? module)
    {
        var schemaRef = SchemaRef.Parse(text);
        Assert.That(schemaRef.Name, Is.EqualTo(name));
        Assert.That(schemaRef.Version, Is.EqualTo(version));
        Assert.That(schemaRef.Spelling, Is.EqualTo(spelling));
        Assert.That(schemaRef.Module, Is.EqualTo(module));
        Assert.That(schemaRef.Key, Is.EqualTo(name + "@" + version));
        Assert.That(schemaRef.ToString(), Is.EqualTo(text));
        Assert.That(SchemaRef.TryParse(text, out var again), Is.True);
        Assert.That(again, Is.EqualTo(schemaRef));
    }

    [TestCase("", "prefix")]
    [TestCase("at://did:plc:abc/science.alt.dataset.schema/3k2", "prefix")]
    [TestCase("@alice.bsky.social/ImageSample@1.0.0", "prefix")]
    [TestCase("atdata://local/schema/ImageSample", "version")]
    [TestCase("atdata://local/schema/ImageSample@", "version")]
    [TestCase("atdata://local/schema/@1.0.0", "name")]
    [TestCase("local://schemas/module.@1.0.0", "name")]
    [TestCase("atdata://local/schema/a/b@1.0.0", "'/'")]
    [TestCase("ATDATA://local/schema/ImageSample@1.0.0", "prefix")]
    public void Invalid_references_are_rejected(string text, string reason)
    {
        Assert.That(SchemaRef.TryParse(text, out var result), Is.False);
        Assert.That(result, Is.Null);
        var e = Assert.Throws<IdentifierFormatException>(() => SchemaRef.Parse(text));
        Assert.That(e!.IdentifierKind, Is.EqualTo("schema reference"));
        Assert.That(e.Message, Does.Contain(reason));
    }

    [Test]
    public void Local_writes_the_sample_schema_spelling()
    {
        var schemaRef = SchemaRef.Local("ImageSample", "1.0.0");
        Assert.That(schemaRef.ToString(), Is.EqualTo("atdata://local/sampleSchema/ImageSample@1.0.0"));
        Assert.That(schemaRef.Spelling, Is.EqualTo(SchemaRefSpelling.SampleSchema));
        Assert.That(SchemaRef.Local("ImageSample", new SchemaVersion(1, 0, 0)), Is.EqualTo(schemaRef));
        Assert.That(SchemaRef.Create("ImageSample", "1.0.0", SchemaRefSpelling.Schema).ToString(), Is.EqualTo("atdata://local/schema/ImageSample@1.0.0"));
        Assert.That(SchemaRef.Create("ImageSample", "1.0.0", SchemaRefSpelling.LegacyLocal).ToString(), Is.EqualTo("local://schemas/__main__.ImageSample@1.0.0"));
    }

    [TestCase("", "1.0.0")]
    [TestCase("a/b", "1.0.0")]
    [TestCase("a@b", "1.0.0")]
    [TestCase("mod.Name", "1.0.0")]
    [TestCase("Name", "1.0")]
    [TestCase("Name", "01.0.0")]
    public void Local_checks_name_and_strict_version(string name, string version)
        => Assert.Throws<ArgumentException>(() => SchemaRef.Local(name, version));

    [Test]
    public void Equality_is_by_text_and_RefersToSameSchema_by_name_and_version()
    {
        var current = SchemaRef.Parse("atdata://local/schema/ImageSample@1.0.0");
        var seed = SchemaRef.Parse("atdata://local/sampleSchema/ImageSample@1.0.0");
        var legacy = SchemaRef.Parse("local://schemas/__main__.ImageSample@1.0.0");
        Assert.That(current, Is.Not.EqualTo(seed));
        Assert.That(current == SchemaRef.Parse(current.ToString()), Is.True);
        Assert.That(current != seed, Is.True);
        Assert.That(current.RefersToSameSchema(seed), Is.True);
        Assert.That(legacy.RefersToSameSchema(seed), Is.True);
        Assert.That(current.RefersToSameSchema(SchemaRef.Parse("atdata://local/schema/ImageSample@1.0.1")), Is.False);
    }
}
