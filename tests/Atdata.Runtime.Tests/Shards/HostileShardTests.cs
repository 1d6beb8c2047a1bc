using System.IO.Compression;
using System.Text;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Shards;

/// <summary>
/// Reliability cases F10-F15: every hostile shard raises the documented exception type, names the shard and
/// the byte offset, and never allocates what a header merely declares.
/// </summary>
public class HostileShardTests
{
    private const long AllocationCap = 2 << 20;
    private const string Url = "hostile.tar";

    private static readonly byte[] s_sample = ShardTestHelpers.Msgpack(1);

    [OneTimeSetUp]
    public async Task WarmUp()
    {
        // JIT and pool warm-up so the allocation measurements see only the reader's own work.
        var tar = new TarBuilder().Pax((byte)'x', ("path", "w.msgpack")).Raw(TarBuilder.Header("w.msgpack"u8, s_sample.Length)).Data(s_sample).End().ToArray();
        await ShardTestHelpers.ReadAllAsync(tar);
        await Expect<ShardFormatException>(new TarBuilder().Raw(TarBuilder.Header("././@PaxHeader"u8, 1L << 30, (byte)'x')).ToArray());
    }

    /// <summary>Reads the shard expecting <typeparamref name="T"/>; checks the message names the shard and the allocation stays bounded.</summary>
    private static async Task<T> Expect<T>(byte[] shard, ShardReaderOptions? options = null)
        where T : ShardException
    {
        T? caught = null;
        long allocated = await ShardTestHelpers.AllocatedAsync(async () =>
        {
            try
            {
                await using var reader = new ShardReader(new MemoryStream(shard, writable: false), Url, options);
                while (await reader.MoveNextAsync())
                {
                }
            }
            catch (T ex)
            {
                caught = ex;
            }
        });

        Assert.That(caught, Is.Not.Null, $"expected {typeof(T).Name}");
        Assert.That(caught!.ShardUrl, Is.EqualTo(Url));
        Assert.That(caught.Message, Does.Contain($"shard '{Url}'"));
        if (caught.Offset >= 0)
        {
            Assert.That(caught.Message, Does.Contain($"byte offset {caught.Offset}"));
        }

        Assert.That(allocated - shard.Length, Is.LessThan(AllocationCap), $"allocated {allocated} bytes");
        return caught;
    }

    private static TarBuilder OneGood() => new TarBuilder().Sample("good", s_sample);

    // ---- F10: truncation -------------------------------------------------------------------------------

    [Test]
    public async Task F10_zero_byte_shard_is_truncated()
    {
        var ex = await Expect<ShardTruncatedException>([]);
        Assert.That(ex.Offset, Is.Zero);
        Assert.That(ex.Message, Does.Contain("empty"));
    }

    [Test]
    public async Task F10_truncated_mid_header()
    {
        var full = OneGood().Sample("second", s_sample).End().ToArray();
        var ex = await Expect<ShardTruncatedException>(full[..(1024 + 300)]);
        Assert.That(ex.Offset, Is.EqualTo(1024));
    }

    [Test]
    public async Task F10_truncated_mid_data()
    {
        var big = new byte[5000];
        var full = OneGood().File("big.msgpack", big).End().ToArray();
        var ex = await Expect<ShardTruncatedException>(full[..(1024 + 512 + 2000)]);
        Assert.That(ex.MemberName, Is.EqualTo("big.msgpack"));
        Assert.That(ex.Offset, Is.EqualTo(1024 + 512 + 2000));
    }

    [Test]
    public async Task F10_truncated_mid_data_of_a_skipped_member()
    {
        var full = OneGood().File("skipped.txt", new byte[3000]).End().ToArray();
        await Expect<ShardTruncatedException>(full[..(1024 + 512 + 100)]);
    }

    [Test]
    public async Task F10_truncated_inside_a_pax_block_and_after_a_metadata_header()
    {
        var pax = new TarBuilder().Pax((byte)'x', ("comment", new string('a', 900)), ("path", "a.msgpack")).ToArray();
        await Expect<ShardTruncatedException>(pax[..(512 + 300)]);
        await Expect<ShardTruncatedException>(pax);
    }

    [Test]
    public async Task F10_truncated_gzip_shard()
    {
        var plain = OneGood().Sample("b", new byte[20_000]).End().ToArray();
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.NoCompression, leaveOpen: true))
        {
            gzip.Write(plain);
        }

        var cut = compressed.ToArray()[..(int)(compressed.Length / 2)];
        var ex = await ExpectAny(cut);
        Assert.That(ex, Is.InstanceOf<ShardTruncatedException>().Or.InstanceOf<ShardIntegrityException>());
    }

    private static async Task<ShardException> ExpectAny(byte[] shard)
    {
        try
        {
            await ShardTestHelpers.ReadAllAsync(shard, url: Url);
        }
        catch (ShardException ex)
        {
            return ex;
        }

        Assert.Fail("expected a ShardException");
        return null!;
    }

    // ---- F11: integrity ---------------------------------------------------------------------------------

    [Test]
    public async Task F11_wrong_header_checksum()
    {
        var header = TarBuilder.Header("x.msgpack"u8, s_sample.Length, after: h => h[0] ^= 0x01);
        var tar = OneGood().Raw(header).Data(s_sample).End().ToArray();
        var ex = await Expect<ShardIntegrityException>(tar);
        Assert.That(ex.Offset, Is.EqualTo(1024));
    }

    [Test]
    public async Task F11_wrong_checksum_in_the_first_header_is_integrity_not_format()
    {
        var header = TarBuilder.Header("x.msgpack"u8, s_sample.Length, after: h => h[3] ^= 0x20);
        var ex = await Expect<ShardIntegrityException>(new TarBuilder().Raw(header).Data(s_sample).End().ToArray());
        Assert.That(ex.Offset, Is.Zero);
    }

    [Test]
    public async Task F11_garbage_checksum_field()
    {
        var header = TarBuilder.Header("x.msgpack"u8, s_sample.Length, after: h => "zz"u8.CopyTo(h.AsSpan(148)));
        await Expect<ShardIntegrityException>(OneGood().Raw(header).Data(s_sample).End().ToArray());
    }

    [Test]
    public async Task F11_flipped_data_byte_fails_the_sha256_check()
    {
        var tar = OneGood().End().ToArray();
        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(tar));
        tar[520] ^= 0xff;
        var options = new ShardReaderOptions { ExpectedChecksums = new Dictionary<string, string> { [Url] = sha } };
        var ex = await Expect<ShardIntegrityException>(tar, options);
        Assert.That(ex.ExpectedSha256, Is.EqualTo(sha));
        Assert.That(ex.ActualSha256, Is.Not.EqualTo(sha));
    }

    // ---- F12: compressed or not a tar -------------------------------------------------------------------

    [TestCase("zstd", new byte[] { 0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58, 0, 0, 0, 0 })]
    [TestCase("bzip2", new byte[] { 0x42, 0x5a, 0x68, 0x39, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59 })]
    [TestCase("xz", new byte[] { 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 0, 0, 0 })]
    [TestCase("lzma", new byte[] { 0x5d, 0x00, 0x00, 0x80, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff })]
    [TestCase("lz4", new byte[] { 0x04, 0x22, 0x4d, 0x18, 0x64, 0x40, 0xa7, 0, 0, 0 })]
    public async Task F12_other_compressions_are_reported_as_compressed(string codec, byte[] magic)
    {
        var shard = magic.Concat(new byte[2000]).ToArray();
        var ex = await Expect<ShardFormatException>(shard);
        Assert.That(ex.Error, Is.EqualTo(ShardFormatError.Compressed));
        Assert.That(ex.Message, Does.Contain(codec).And.Contain("compressed"));
    }

    [Test]
    public async Task F12_gzip_can_be_refused()
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(OneGood().End().ToArray());
        }

        var ex = await Expect<ShardFormatException>(compressed.ToArray(), new ShardReaderOptions { DecompressGzip = false });
        Assert.That(ex.Error, Is.EqualTo(ShardFormatError.Compressed));
    }

    [Test]
    public async Task F12_corrupt_gzip_is_an_integrity_error()
    {
        var shard = new byte[] { 0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff }.Concat(Enumerable.Repeat((byte)0xee, 4000)).ToArray();
        await Expect<ShardIntegrityException>(shard);
    }

    [TestCase("plain text, not a tar archive at all.\n")]
    [TestCase("{\"json\": true}")]
    public async Task F12_text_is_not_a_tar(string text)
    {
        var shard = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(text, 40)));
        var ex = await Expect<ShardFormatException>(shard);
        Assert.That(ex.Error, Is.EqualTo(ShardFormatError.NotATar));
        Assert.That(ex.Message, Does.Contain("not a tar"));
    }

    [Test]
    public async Task F12_short_text_and_zip_are_not_a_tar()
    {
        Assert.That((await Expect<ShardTruncatedException>("hello"u8.ToArray())).Offset, Is.Zero);
        var zip = new byte[] { 0x50, 0x4b, 0x03, 0x04 }.Concat(new byte[600]).ToArray();
        Assert.That((await Expect<ShardFormatException>(zip)).Error, Is.EqualTo(ShardFormatError.NotATar));
    }

    // ---- F13: declared sizes and counts -----------------------------------------------------------------

    [TestCase((byte)'x')]
    [TestCase((byte)'g')]
    [TestCase((byte)'L')]
    [TestCase((byte)'K')]
    public async Task F13_metadata_header_declaring_1_GiB_is_rejected_before_allocating(byte type)
    {
        var tar = new TarBuilder().Raw(TarBuilder.Header("././@PaxHeader"u8, 1L << 30, type)).Raw(new byte[4096]).ToArray();
        var ex = await Expect<ShardFormatException>(tar);
        Assert.That(ex.Error, Is.EqualTo(ShardFormatError.TooLarge));
        Assert.That(ex.Offset, Is.Zero);
    }

    [Test]
    public async Task F13_member_declaring_8_GiB_is_rejected_before_reading()
    {
        var tar = new TarBuilder().Raw(TarBuilder.Header("huge.msgpack"u8, 8L << 30)).Raw(new byte[1536]).ToArray();
        var ex = await Expect<ShardFormatException>(tar);
        Assert.That(ex.Error, Is.EqualTo(ShardFormatError.TooLarge));
        Assert.That(ex.Message, Does.Contain("8589934592"));
    }

    [Test]
    public async Task F13_pax_size_record_declaring_8_GiB_is_rejected()
    {
        var tar = new TarBuilder().Pax((byte)'x', ("size", (8L << 30).ToString())).Raw(TarBuilder.Header("huge.msgpack"u8, 0)).Raw(new byte[1024]).ToArray();
        Assert.That((await Expect<ShardFormatException>(tar)).Error, Is.EqualTo(ShardFormatError.TooLarge));
    }

    [Test]
    public async Task F13_member_over_a_configured_cap_is_rejected()
    {
        var tar = OneGood().File("big.msgpack", new byte[5000]).End().ToArray();
        var ex = await Expect<ShardFormatException>(tar, new ShardReaderOptions { MaxMemberSize = 4096 });
        Assert.That(ex.Error, Is.EqualTo(ShardFormatError.TooLarge));
        Assert.That(ex.MemberName, Is.EqualTo("big.msgpack"));
    }

    [Test]
    public async Task F13_skipped_entries_still_respect_the_size_cap()
    {
        var tar = new TarBuilder().Raw(TarBuilder.Header("vendor"u8, 8L << 30, (byte)'V')).Raw(new byte[1024]).ToArray();
        Assert.That((await Expect<ShardFormatException>(tar)).Error, Is.EqualTo(ShardFormatError.TooLarge));
    }

    [Test]
    public async Task F13_negative_size_is_invalid()
    {
        var tar = new TarBuilder().Raw(TarBuilder.Header("neg.msgpack"u8, -5)).End().ToArray();
        Assert.That((await Expect<ShardFormatException>(tar)).Error, Is.EqualTo(ShardFormatError.InvalidHeader));
    }

    [Test]
    public async Task F13_more_entries_than_the_cap()
    {
        var builder = new TarBuilder();
        for (int i = 0; i < 101; i++)
        {
            builder.Sample($"k{i}", s_sample);
        }

        var ex = await Expect<ShardFormatException>(builder.End().ToArray(), new ShardReaderOptions { MaxEntries = 100 });
        Assert.That(ex.Error, Is.EqualTo(ShardFormatError.TooManyEntries));
        Assert.That(ex.Offset, Is.EqualTo(100 * 1024));
    }

    [Test]
    public async Task F13_a_flood_of_metadata_headers_before_one_member()
    {
        var builder = new TarBuilder();
        for (int i = 0; i < 20; i++)
        {
            builder.Pax((byte)'x', ("comment", "x"));
        }

        var ex = await Expect<ShardFormatException>(builder.Sample("a", s_sample).End().ToArray());
        Assert.That(ex.Error, Is.EqualTo(ShardFormatError.TooManyEntries));
    }

    [TestCase("8 path=a\n")]
    [TestCase("x path=a\n")]
    [TestCase("3 a=\n")]
    [TestCase("12 pathnoeq\n")]
    [TestCase("99 path=a\n")]
    public async Task F13_malformed_pax_records(string records)
    {
        var data = Encoding.ASCII.GetBytes(records);
        var tar = new TarBuilder().Raw(TarBuilder.Header("././@PaxHeader"u8, data.Length, (byte)'x')).Data(data).Sample("a", s_sample).End().ToArray();
        Assert.That((await Expect<ShardFormatException>(tar)).Error, Is.EqualTo(ShardFormatError.InvalidHeader));
    }

    // ---- F14: names and entry types ---------------------------------------------------------------------

    private static IEnumerable<TestCaseData> UnsafeNames()
    {
        yield return new TestCaseData(Encoding.UTF8.GetBytes("../x.msgpack")).SetArgDisplayNames("dotdot");
        yield return new TestCaseData(Encoding.UTF8.GetBytes("a/../../x.msgpack")).SetArgDisplayNames("inner dotdot");
        yield return new TestCaseData(Encoding.UTF8.GetBytes("/abs/x.msgpack")).SetArgDisplayNames("absolute");
        yield return new TestCaseData(Encoding.UTF8.GetBytes("a\nb.msgpack")).SetArgDisplayNames("newline");
        yield return new TestCaseData(Encoding.UTF8.GetBytes("a\u007fb.msgpack")).SetArgDisplayNames("DEL");
        yield return new TestCaseData(Encoding.UTF8.GetBytes("a\\b.msgpack")).SetArgDisplayNames("backslash");
        yield return new TestCaseData(Encoding.UTF8.GetBytes("C:/x.msgpack")).SetArgDisplayNames("drive");
        yield return new TestCaseData(new byte[] { 0x61, 0xff, 0xfe, 0x2e, 0x6d }).SetArgDisplayNames("invalid UTF-8");
    }

    [TestCaseSource(nameof(UnsafeNames))]
    public async Task F14_unsafe_names_in_the_ustar_header(byte[] name)
    {
        var tar = OneGood().File(name, s_sample).End().ToArray();
        var ex = await Expect<ShardFormatException>(tar);
        Assert.That(ex.Error, Is.EqualTo(ShardFormatError.UnsafeMemberName));
        Assert.That(ex.Offset, Is.EqualTo(1024));
        Assert.That(ex.Message, Does.Not.Contain("\n"), "control characters are escaped in messages");
    }

    [TestCaseSource(nameof(UnsafeNames))]
    public async Task F14_unsafe_names_in_a_gnu_long_name(byte[] name)
    {
        var tar = OneGood().GnuLongName(name).Raw(TarBuilder.Header("ok.msgpack"u8, s_sample.Length)).Data(s_sample).End().ToArray();
        Assert.That((await Expect<ShardFormatException>(tar)).Error, Is.EqualTo(ShardFormatError.UnsafeMemberName));
    }

    [TestCase("../..")]
    [TestCase("../../etc/evil.msgpack")]
    [TestCase("/etc/passwd.msgpack")]
    [TestCase("a\0b.msgpack")]
    [TestCase("tab\there.msgpack")]
    public async Task F14_unsafe_pax_path(string path)
    {
        var tar = OneGood().Pax((byte)'x', ("path", path)).Raw(TarBuilder.Header("ok.msgpack"u8, s_sample.Length)).Data(s_sample).End().ToArray();
        Assert.That((await Expect<ShardFormatException>(tar)).Error, Is.EqualTo(ShardFormatError.UnsafeMemberName));
    }

    [Test]
    public async Task F14_nul_inside_a_gnu_long_name()
    {
        var tar = new TarBuilder().GnuLongName(Encoding.ASCII.GetBytes("a\0b.msgpack")).Raw(TarBuilder.Header("ok.msgpack"u8, s_sample.Length)).Data(s_sample).End().ToArray();
        Assert.That((await Expect<ShardFormatException>(tar)).Error, Is.EqualTo(ShardFormatError.UnsafeMemberName));
    }

    [Test]
    public async Task F14_names_over_255_bytes()
    {
        string longName = new string('n', 300) + ".msgpack";
        var viaPax = new TarBuilder().Pax((byte)'x', ("path", longName)).Raw(TarBuilder.Header("ok.msgpack"u8, s_sample.Length)).Data(s_sample).End().ToArray();
        Assert.That((await Expect<ShardFormatException>(viaPax)).Error, Is.EqualTo(ShardFormatError.UnsafeMemberName));
        var viaGnu = new TarBuilder().GnuLongName(Encoding.ASCII.GetBytes(longName)).Raw(TarBuilder.Header("ok.msgpack"u8, s_sample.Length)).Data(s_sample).End().ToArray();
        Assert.That((await Expect<ShardFormatException>(viaGnu)).Error, Is.EqualTo(ShardFormatError.UnsafeMemberName));

        var allowed = await ShardTestHelpers.ReadAllAsync(viaPax, new ShardReaderOptions { MaxNameLength = 1024 });
        Assert.That(allowed.Single().Key, Has.Length.EqualTo(300), "the cap is configurable");
    }

    [TestCase((byte)'1', "hard link")]
    [TestCase((byte)'2', "symbolic link")]
    [TestCase((byte)'3', "character device")]
    [TestCase((byte)'4', "block device")]
    [TestCase((byte)'5', "directory")]
    [TestCase((byte)'6', "FIFO")]
    [TestCase((byte)'V', "unknown")]
    public async Task F14_non_regular_entries_are_skipped_with_a_counter_or_rejected(byte type, string kind)
    {
        var tar = OneGood()
            .Raw(TarBuilder.Header("../../etc/evil"u8, 0, type, tweak: h => "/etc/passwd"u8.CopyTo(h.AsSpan(157))))
            .Sample("after", s_sample).End().ToArray();

        await using (var reader = new ShardReader(new MemoryStream(tar), Url))
        {
            var keys = new List<string>();
            await foreach (var s in reader.ReadSamplesAsync())
            {
                keys.Add(s.Key);
            }

            Assert.That(keys, Is.EqualTo(new[] { "good", "after" }));
            Assert.That(reader.SkippedEntryCount, Is.EqualTo(1));
        }

        var ex = await Expect<ShardFormatException>(tar, new ShardReaderOptions { NonRegularEntries = NonRegularEntryHandling.Reject });
        Assert.That(ex.Error, Is.EqualTo(ShardFormatError.UnsupportedEntryType));
        Assert.That(ex.Message, Does.Contain(kind));
        Assert.That(ex.Offset, Is.EqualTo(1024));
    }

    [Test]
    public async Task F14_sparse_files_are_rejected()
    {
        var oldGnu = OneGood().Raw(TarBuilder.Header("sparse.msgpack"u8, 512, (byte)'S', gnuMagic: true)).Raw(new byte[512]).End().ToArray();
        Assert.That((await Expect<ShardFormatException>(oldGnu)).Error, Is.EqualTo(ShardFormatError.UnsupportedEntryType));

        var pax = OneGood().Pax((byte)'x', ("GNU.sparse.major", "1"), ("GNU.sparse.minor", "0"), ("GNU.sparse.name", "s.msgpack"))
            .Raw(TarBuilder.Header("GNUSparseFile.0/s.msgpack"u8, 512)).Raw(new byte[512]).End().ToArray();
        Assert.That((await Expect<ShardFormatException>(pax)).Error, Is.EqualTo(ShardFormatError.UnsupportedEntryType));
    }

    // ---- F15: duplicates --------------------------------------------------------------------------------

    [Test]
    public async Task F15_duplicate_key_and_suffix_in_one_sample()
    {
        var tar = OneGood().Sample("dup", s_sample).Sample("dup", s_sample).End().ToArray();
        var ex = await Expect<ShardFormatException>(tar);
        Assert.That(ex.Error, Is.EqualTo(ShardFormatError.DuplicateMember));
        Assert.That(ex.Message, Does.Contain("duplicate member"));
        Assert.That(ex.Offset, Is.EqualTo(2048));
        Assert.That(ex.MemberName, Is.EqualTo("dup.msgpack"));
    }

    [Test]
    public async Task F15_duplicate_other_suffix_differing_only_in_case()
    {
        var tar = new TarBuilder().File("k.json", "{}"u8).File("k.JSON", "{}"u8).Sample("k", s_sample).End().ToArray();
        Assert.That((await Expect<ShardFormatException>(tar)).Error, Is.EqualTo(ShardFormatError.DuplicateMember));
    }

    [Test]
    public async Task A_sample_without_msgpack_is_a_format_error()
    {
        var tar = OneGood().File("lonely.json", "{}"u8).End().ToArray();
        var ex = await Expect<ShardFormatException>(tar);
        Assert.That(ex.Error, Is.EqualTo(ShardFormatError.MissingMsgpack));
        Assert.That(ex.Offset, Is.EqualTo(1024));
    }

    [Test]
    public async Task Random_mutations_only_raise_shard_exceptions()
    {
        var valid = OneGood().Pax((byte)'x', ("path", "p.msgpack")).Raw(TarBuilder.Header("p.msgpack"u8, s_sample.Length)).Data(s_sample)
            .GnuLongName("long/name.msgpack"u8.ToArray()).Raw(TarBuilder.Header("x"u8, s_sample.Length)).Data(s_sample).EndPadded().ToArray();
        var random = new Random(1234);
        for (int round = 0; round < 3000; round++)
        {
            var mutated = (byte[])valid.Clone();
            int flips = random.Next(1, 4);
            for (int f = 0; f < flips; f++)
            {
                mutated[random.Next(0, 4096)] = (byte)random.Next(256);
            }

            if (round % 5 == 0)
            {
                mutated = mutated[..random.Next(0, mutated.Length)];
            }

            try
            {
                await ShardTestHelpers.ReadAllAsync(mutated, new ShardReaderOptions { IncludeOtherMembers = true });
            }
            catch (ShardException)
            {
            }
        }
    }
}
