using NUnit.Framework;

namespace Atdata.Runtime.Tests.Schema;

/// <summary>Strict X.Y.Z versions.</summary>
public class SchemaVersionTests
{
    [TestCase("0.0.0", 0, 0, 0)]
    [TestCase("1.0.0", 1, 0, 0)]
    [TestCase("1.10.3", 1, 10, 3)]
    [TestCase("2147483647.0.1", int.MaxValue, 0, 1)]
    public void Valid_versions_parse(string text, int major, int minor, int patch)
    {
        var version = SchemaVersion.Parse(text);
        Assert.That((version.Major, version.Minor, version.Patch), Is.EqualTo((major, minor, patch)));
        Assert.That(version.ToString(), Is.EqualTo(text));
        Assert.That(SchemaVersion.TryParse(text, out var again) && again == version, Is.True);
    }

    [TestCase("")]
    [TestCase("1")]
    [TestCase("1.0")]
    [TestCase("1.0.0.0")]
    [TestCase("01.0.0")]
    [TestCase("1.00.0")]
    [TestCase("1.0.01")]
    [TestCase("1.0.0-beta")]
    [TestCase("1.0.0+build")]
    [TestCase("v1.0.0")]
    [TestCase(" 1.0.0")]
    [TestCase("1..0")]
    [TestCase("-1.0.0")]
    [TestCase("1.0.x")]
    [TestCase("2147483648.0.0")]
    [TestCase("１.0.0")]
    public void Invalid_versions_are_rejected(string text)
    {
        Assert.That(SchemaVersion.TryParse(text, out _), Is.False);
        var e = Assert.Throws<IdentifierFormatException>(() => SchemaVersion.Parse(text));
        Assert.That(e!.IdentifierKind, Is.EqualTo("schema version"));
    }

    [Test]
    public void Versions_compare_numerically()
    {
        var versions = new[] { "1.10.0", "1.9.3", "0.1.0", "1.9.10", "2.0.0", "1.9.3" }.Select(SchemaVersion.Parse).ToList();
        versions.Sort();
        Assert.That(versions.Select(v => v.ToString()), Is.EqualTo(new[] { "0.1.0", "1.9.3", "1.9.3", "1.9.10", "1.10.0", "2.0.0" }));
        Assert.That(SchemaVersion.Parse("1.10.0") > SchemaVersion.Parse("1.9.3"), Is.True);
        Assert.That(SchemaVersion.Parse("1.0.0") <= SchemaVersion.Initial, Is.True);
        Assert.That(SchemaVersion.Parse("1.0.0") >= SchemaVersion.Initial, Is.True);
        Assert.That(SchemaVersion.Parse("0.9.9") < SchemaVersion.Initial, Is.True);
        Assert.That(((IComparable)SchemaVersion.Initial).CompareTo(null), Is.Positive);
        Assert.That(SchemaVersion.Initial.GetHashCode(), Is.EqualTo(new SchemaVersion(1, 0, 0).GetHashCode()));
        Assert.That(default(SchemaVersion).ToString(), Is.EqualTo("0.0.0"));
    }

    [Test]
    public void Next_versions()
    {
        var version = SchemaVersion.Parse("1.2.3");
        Assert.That(version.NextPatch().ToString(), Is.EqualTo("1.2.4"));
        Assert.That(version.NextMinor().ToString(), Is.EqualTo("1.3.0"));
        Assert.That(version.NextMajor().ToString(), Is.EqualTo("2.0.0"));
        Assert.Throws<OverflowException>(() => new SchemaVersion(1, 0, int.MaxValue).NextPatch());
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SchemaVersion(-1, 0, 0));
    }
}
