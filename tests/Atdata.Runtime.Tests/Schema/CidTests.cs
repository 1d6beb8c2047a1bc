using NUnit.Framework;

namespace Atdata.Runtime.Tests.Schema;

/// <summary>Parsing, formatting, equality and verification of <see cref="Cid"/>.</summary>
public class CidTests
{
    private const string Known = "bafyreiaerogzhqf26vylrybc37mw23n4clixxuiw7yl74nnkebgr4pshcu";

    [Test]
    public void Parse_and_format_round_trip()
    {
        var cid = Cid.Parse(Known);
        Assert.That(cid.ToString(), Is.EqualTo(Known));
        Assert.That(cid.Version, Is.EqualTo(1));
        Assert.That(cid.Codec, Is.EqualTo(0x71UL));
        Assert.That(cid.MultihashCode, Is.EqualTo(0x12UL));
        Assert.That(cid.Digest.Length, Is.EqualTo(32));
        Assert.That(cid.Bytes.Length, Is.EqualTo(36));
        Assert.That(cid.IsEmpty, Is.False);
        Assert.That(Cid.FromBytes(cid.Bytes.Span), Is.EqualTo(cid));
    }

    [Test]
    public void Equality_is_by_value()
    {
        var a = Cid.Parse(Known);
        var b = Cid.FromBytes(a.ToBytes());
        Assert.That(a == b, Is.True);
        Assert.That(a != b, Is.False);
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
        Assert.That(a.Equals((object)b), Is.True);
        Assert.That(a, Is.Not.EqualTo(Cid.Of("other")));
        Assert.That(new HashSet<Cid> { a, b }, Has.Count.EqualTo(1));
    }

    [Test]
    public void ToBytes_is_a_copy()
    {
        var cid = Cid.Parse(Known);
        byte[] bytes = cid.ToBytes();
        bytes[10] ^= 0xff;
        Assert.That(cid.ToString(), Is.EqualTo(Known));
    }

    [Test]
    public void The_default_cid_is_empty()
    {
        Cid cid = default;
        Assert.That(cid.IsEmpty, Is.True);
        Assert.That(cid.ToString(), Is.Empty);
        Assert.That(cid.Version, Is.Zero);
        Assert.That(cid.Digest.IsEmpty, Is.True);
        Assert.That(cid, Is.EqualTo(default(Cid)));
        Assert.That(cid, Is.Not.EqualTo(Cid.Parse(Known)));
        Assert.That(cid.Verify("x"), Is.False);
    }

    [Test]
    public void Other_codecs_and_hashes_parse_but_do_not_verify()
    {
        // CIDv1 raw (0x55) with an identity multihash (0x00) of 3 bytes.
        var raw = Cid.FromBytes(new byte[] { 1, 0x55, 0, 3, 1, 2, 3 });
        Assert.That(raw.Codec, Is.EqualTo(0x55UL));
        Assert.That(raw.MultihashCode, Is.Zero);
        Assert.That(raw.Digest.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(Cid.Parse(raw.ToString()), Is.EqualTo(raw));
        Assert.That(raw.VerifyBlock([1, 2, 3]), Is.False);
    }

    [TestCase("", "empty")]
    [TestCase("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG", "CIDv0")]
    [TestCase("Bafyreiaerogzhqf26vylrybc37mw23n4clixxuiw7yl74nnkebgr4pshcu", "prefix")]
    [TestCase("bafyreiaerogzhqf26vylrybc37mw23n4clixxuiw7yl74nnkebgr4pshcU", "base32")]
    [TestCase("bafyreiaerogzhqf26vylrybc37mw23n4clixxuiw7yl74nnkebgr4pshc1", "base32")]
    [TestCase("bafyreiaerogzhqf26vylrybc37mw23n4clixxuiw7yl74nnkebgr4pshcv", "base32")]
    [TestCase("bafyreiaerogzhqf26vylrybc37mw23n4clixxuiw7yl74nnkebgr4psh", "digest length")]
    [TestCase("bafyreiaerogzhqf26vylrybc37mw23n4clixxuiw7yl74nnkebgr4pshcuaa", "digest length")]
    [TestCase("bciqaaaicamcakbqhbaequcymbuha6earcijrifiwc4mbsgq3dqor4hy", "version")]
    [TestCase("bajyreiaaaebagbafaydqqcikbmga2dqpcaireeyuculbogazdinryhi6d4", "version")]
    [TestCase("b", "base32")]
    public void Invalid_text_is_rejected(string text, string reason)
    {
        Assert.That(Cid.TryParse(text, out _), Is.False);
        var e = Assert.Throws<IdentifierFormatException>(() => Cid.Parse(text));
        Assert.That(e!.IdentifierKind, Is.EqualTo("CID"));
        Assert.That(e.Input, Is.EqualTo(text));
        Assert.That(e.Message, Does.Contain(reason));
    }

    [Test]
    public void TryParse_null_is_false() => Assert.That(Cid.TryParse(null, out _), Is.False);

    [Test]
    public void Verify_recomputes_the_content()
    {
        var value = new Dictionary<string, object?> { ["key"] = "value" };
        var cid = Cid.Of(value);
        Assert.That(cid.ToString(), Is.EqualTo(SchemaVectors.Record("generic-key-value").Cid));
        Assert.That(cid.Verify(value), Is.True);
        Assert.That(cid.Verify(new Dictionary<string, object?> { ["key"] = "other" }), Is.False);
        Assert.That(cid.VerifyBlock(DagCbor.Encode(value)), Is.True);
        Assert.That(cid.VerifyBlock([0xa0]), Is.False);
    }

    [Test]
    public void Entry_cids_depend_on_url_order_and_spelling()
    {
        var a = Cid.ForEntry("atdata://local/schema/S@1.0.0", ["s3://b/x-0.tar", "s3://b/x-1.tar"]);
        Assert.That(Cid.ForEntry("atdata://local/schema/S@1.0.0", ["s3://b/x-1.tar", "s3://b/x-0.tar"]), Is.Not.EqualTo(a));
        Assert.That(Cid.ForEntry("atdata://local/schema/S@1.0.0", ["b/x-0.tar", "b/x-1.tar"]), Is.Not.EqualTo(a));
        Assert.That(Cid.ForEntry("atdata://local/sampleSchema/S@1.0.0", ["s3://b/x-0.tar", "s3://b/x-1.tar"]), Is.Not.EqualTo(a));
        Assert.Throws<ArgumentNullException>(() => Cid.ForEntry("x", [null!]));
        Assert.Throws<ArgumentNullException>(() => Cid.ForEntry((string)null!, []));
    }

    [Test]
    public void OfJson_reads_numbers_as_python_does()
    {
        Assert.That(Cid.OfJson("""{"a": 1, "b": 2}"""), Is.EqualTo(Cid.Of(new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 })));
        Assert.That(Cid.OfJson("[1.0]"), Is.EqualTo(Cid.Of(new[] { 1.0 })));
        Assert.That(Cid.OfJson("[1e2]"), Is.EqualTo(Cid.Of(new[] { 100.0 })));
        Assert.That(Cid.OfJson("[18446744073709551615]"), Is.EqualTo(Cid.Of(new[] { ulong.MaxValue })));
        Assert.That(Cid.OfJson("""{"a": 1, "a": 2}"""), Is.EqualTo(Cid.Of(new Dictionary<string, object?> { ["a"] = 2 })));
        Assert.Throws<ArgumentException>(() => Cid.OfJson("[18446744073709551616]"));
        Assert.Throws<ArgumentException>(() => Cid.OfJson("[1e400]"));
        Assert.Throws<ArgumentException>(() => Cid.OfJson("{"));
    }
}
