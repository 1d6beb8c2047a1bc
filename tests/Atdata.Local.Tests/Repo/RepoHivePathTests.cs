#pragma warning disable ATDATA_REPO // the legacy Repo is what is under test

namespace Atdata.Local.Tests.LegacyRepo;

/// <summary>Hive path checks happen in the constructor, before any server is contacted.</summary>
public sealed class RepoHivePathTests
{
    private static readonly S3Credentials Unreachable = new("access", "secret", "http://127.0.0.1:9");

    [TestCase("my-bucket/datasets", "my-bucket", "my-bucket/datasets")]
    [TestCase("my-bucket//datasets/v1/", "my-bucket", "my-bucket/datasets/v1")]
    [TestCase("my-bucket", "my-bucket", "my-bucket")]
    public void The_first_component_is_the_bucket_and_the_path_is_normalised_like_python(string hivePath, string bucket, string normalised)
    {
        using var repo = new Repo(Unreachable, hivePath);
        Assert.That(repo.HiveBucket, Is.EqualTo(bucket));
        Assert.That(repo.HivePath, Is.EqualTo(normalised));
        Assert.That(repo.Store.Bucket, Is.EqualTo(bucket));
        Assert.That(repo.Index.Options.Host, Is.EqualTo("localhost"), "LocalIndex's default Redis");
        Assert.That(repo.Index.Options.Port, Is.EqualTo(6379));
    }

    [TestCase("s3://my-bucket/datasets")]
    [TestCase("/my-bucket/datasets")]
    [TestCase("My_Bucket/datasets")]
    [TestCase("ab/datasets")]
    [TestCase("my-bucket/{a,b}")]
    [TestCase("my-bucket/../other")]
    [TestCase("my-bucket/./x")]
    [TestCase("   ")]
    public void An_invalid_hive_path_is_an_ArgumentException_naming_the_parameter(string hivePath)
    {
        var ex = Assert.Throws<ArgumentException>(() => new Repo(Unreachable, hivePath));
        Assert.That(ex!.ParamName, Is.EqualTo("hivePath"));
    }

    [Test]
    public void A_missing_credentials_file_fails_before_anything_else()
        => Assert.That(() => new Repo(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), ".env"), "my-bucket/x"), Throws.InstanceOf<IOException>());
}
