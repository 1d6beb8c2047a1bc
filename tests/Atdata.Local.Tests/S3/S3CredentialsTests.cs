
namespace Atdata.Local.Tests.S3;

[TestFixture]
public sealed class S3CredentialsTests
{
    [Test]
    public void FromEnvFile_ReadsDotenvSyntax_AndIgnoresTheRegionLikePython()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, ".env");
        File.WriteAllText(path, "# comment\n\nexport AWS_ENDPOINT=\"http://127.0.0.1:9000/\"\nAWS_ACCESS_KEY_ID='id with space' \nAWS_SECRET_ACCESS_KEY=s3cr3t # trailing comment\nAWS_REGION=eu-west-1\r\nOTHER=\"a\\nb\"\n");
        var c = S3Credentials.FromEnvFile(path);
        Assert.That(c.Endpoint, Is.EqualTo("http://127.0.0.1:9000"));
        Assert.That(c.AccessKeyId, Is.EqualTo("id with space"));
        Assert.That(c.SecretAccessKey, Is.EqualTo("s3cr3t"));
        Assert.That(c.Region, Is.EqualTo("us-east-1"));
        Assert.That(S3Credentials.FromEnvFile(path, "eu-west-1").Region, Is.EqualTo("eu-west-1"));
        Assert.That(S3Credentials.ParseDotEnv("OTHER=\"a\\nb\"")["OTHER"], Is.EqualTo("a\nb"));
        Assert.That(S3Credentials.ParseDotEnv("M=\"line1\nline2\"\nN=2"), Is.EquivalentTo(new Dictionary<string, string> { ["M"] = "line1\nline2", ["N"] = "2" }));
    }

    [Test]
    public void FromEnvFile_RequiresTheThreeKeys()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, ".env");
        File.WriteAllText(path, "AWS_ACCESS_KEY_ID=a\nAWS_SECRET_ACCESS_KEY=b\n");
        var ex = Assert.Throws<ArgumentException>(() => S3Credentials.FromEnvFile(path));
        Assert.That(ex!.Message, Does.Contain("AWS_ENDPOINT"));
    }

    [Test]
    public void FromDictionary_EndpointOptional_RegionRead_SecretNeverShown()
    {
        var c = S3Credentials.FromDictionary(new Dictionary<string, string?> { ["AWS_ACCESS_KEY_ID"] = "a", ["AWS_SECRET_ACCESS_KEY"] = "CANARY-xyz", ["AWS_REGION"] = "eu-central-1" });
        Assert.That(c.Endpoint, Is.Null);
        Assert.That(c.EffectiveEndpoint, Is.EqualTo("https://s3.eu-central-1.amazonaws.com"));
        Assert.That(c.ToString(), Does.Not.Contain("CANARY"));
        Assert.That(c.ToString(), Does.Contain("AccessKeyId = a"));
        Assert.Throws<ArgumentException>(() => S3Credentials.FromDictionary(new Dictionary<string, string?> { ["AWS_ACCESS_KEY_ID"] = "a" }));
        Assert.Throws<ArgumentException>(() => _ = new S3Credentials("a", "b", "ftp://x"));
    }

    [Test]
    public void SigV4PathEncoding_KeepsUnreservedAndSlash()
    {
        Assert.That(S3Client.Encode("a b/c~d+é", encodeSlash: false), Is.EqualTo("a%20b/c~d%2B%C3%A9"));
        Assert.That(S3Client.Encode("a/b", encodeSlash: true), Is.EqualTo("a%2Fb"));
    }
}
