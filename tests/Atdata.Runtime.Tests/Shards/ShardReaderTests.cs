using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Atdata.Runtime.Tests.Infrastructure;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Shards;

public class ShardReaderTests
{
    [Test]
    public async Task Reads_the_webdataset_style_pax_shard_exactly()
    {
        using var doc = TestVectors.Load("wds_style_shard.json");
        var expected = doc.RootElement.GetProperty("expected_samples").EnumerateArray()
            .Select(e => (Key: e.GetProperty("__key__").GetString()!, Msgpack: Convert.FromHexString(e.GetProperty("msgpack_hex").GetString()!)))
            .ToArray();
        var offsets = doc.RootElement.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("header_offset").GetInt64()).ToArray();

        string path = TestVectors.PathOf("wds_style_shard.tar");
        await using var reader = new ShardReader(File.OpenRead(path), path);
        var read = new List<ShardSample>();
        await foreach (var sample in reader.ReadSamplesAsync())
        {
            read.Add(sample.ToOwned());
        }

        Assert.That(read.Select(s => s.Key), Is.EqualTo(expected.Select(e => e.Key)));
        Assert.That(read.Select(s => s.Msgpack.ToArray()), Is.EqualTo(expected.Select(e => e.Msgpack)));
        Assert.That(read.Select(s => s.Offset), Is.EqualTo(offsets), "offsets point at the PAX header that starts each sample");
        Assert.That(read.Select(s => s.Index), Is.EqualTo(new[] { 0L, 1 }));
        Assert.That(read.Select(s => s.ShardUrl), Is.All.EqualTo(path));
        Assert.That(reader.EntryCount, Is.EqualTo(4), "two PAX headers and two members");
        Assert.That(reader.SkippedEntryCount + reader.SkippedMemberCount, Is.Zero);
        Assert.That(read[1].ToDynamic().GetArray<float>("image").ToArray(), Is.EqualTo(new[] { 1.5f, -2.0f, 3.25f }));
    }

    [Test]
    public async Task Reads_the_python_fixture_ustar_shard()
    {
        var bytes = File.ReadAllBytes(TestVectors.PathOf("python_fixture_test_samples.tar"));
        var read = await ShardTestHelpers.ReadAllAsync(bytes);
        var tar = ShardTestHelpers.ReadWithTarReader(bytes);
        Assert.That(read.Select(s => s.Key), Is.EqualTo(new[] { "sample_000000", "sample_000001", "sample_000002" }));
        Assert.That(read.Select(s => s.Msgpack.ToArray()), Is.EqualTo(tar.Select(m => m.Data)));
        Assert.That(read.Select(s => s.ToDynamic()["name"]), Is.EqualTo(new[] { "test_sample_0", "test_sample_1", "test_sample_2" }));
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(513)]
    public async Task Reads_from_a_non_seekable_stream_that_trickles_bytes(int chunk)
    {
        var tar = new TarBuilder()
            .Pax((byte)'x', ("mtime", "1.5"), ("path", "long/" + new string('p', 180) + ".msgpack"))
            .File("long/" + new string('p', 180) + ".ignored", "x"u8)
            .Sample("a", ShardTestHelpers.Msgpack(1))
            .GnuLongName(Encoding.UTF8.GetBytes("gnu/" + new string('g', 150) + ".msgpack"))
            .File("ignored", ShardTestHelpers.Msgpack(2))
            .Sample("big", TestSample.Make(3, 100_000).Pack())
            .EndPadded().ToArray();

        await using var reader = new ShardReader(new TrickleStream(tar, chunk), "trickle.tar", new ShardReaderOptions { BufferSize = 4096 });
        var read = new List<ShardSample>();
        await foreach (var sample in reader.ReadSamplesAsync())
        {
            read.Add(sample.ToOwned());
        }

        Assert.That(read.Select(s => s.Key), Is.EqualTo(new[] { "long/" + new string('p', 180), "a", "gnu/" + new string('g', 150), "big" }));
        Assert.That(read[2].Unpack<TestSample>(), Is.EqualTo(TestSample.Make(2)));
        Assert.That(read[3].Unpack<TestSample>(), Is.EqualTo(TestSample.Make(3, 100_000)));
    }

    [Test]
    public async Task Gzip_shards_are_detected_by_magic_and_decompressed()
    {
        var plain = File.ReadAllBytes(TestVectors.PathOf("python_fixture_test_samples.tar"));
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(plain);
        }

        await using var reader = new ShardReader(new MemoryStream(compressed.ToArray()), "named-without-gz.tar");
        var keys = new List<string>();
        await foreach (var sample in reader.ReadSamplesAsync())
        {
            keys.Add(sample.Key);
        }

        Assert.That(reader.IsGzip, Is.True);
        Assert.That(keys, Is.EqualTo(new[] { "sample_000000", "sample_000001", "sample_000002" }));
    }

    [Test]
    public async Task Groups_adjacent_members_by_key_and_ignores_other_suffixes()
    {
        var tar = new TarBuilder()
            .File("a.json", "{}"u8)
            .Sample("a", ShardTestHelpers.Msgpack(1))
            .File("a.TXT", "hello"u8)
            .Sample("b", ShardTestHelpers.Msgpack(2))
            .File("c.MSGPACK", ShardTestHelpers.Msgpack(3))
            .Sample("a", ShardTestHelpers.Msgpack(4))
            .End().ToArray();

        var read = await ShardTestHelpers.ReadAllAsync(tar);
        Assert.That(read.Select(s => s.Key), Is.EqualTo(new[] { "a", "b", "c", "a" }), "non-adjacent repeats are separate samples; suffixes are lower-cased");
        Assert.That(read.Select(s => s.Unpack<TestSample>().Id), Is.EqualTo(new[] { 1L, 2, 3, 4 }));
        Assert.That(read[0].OtherMembers, Is.Empty);
        Assert.That(read[0].Offset, Is.Zero, "the sample starts at its first member");

        var withOthers = await ShardTestHelpers.ReadAllAsync(tar, new ShardReaderOptions { IncludeOtherMembers = true });
        Assert.That(withOthers[0].OtherMembers.Keys, Is.EquivalentTo(new[] { "json", "txt" }));
        Assert.That(Encoding.UTF8.GetString(withOthers[0].OtherMembers["txt"].Span), Is.EqualTo("hello"));
    }

    [Test]
    public async Task Keys_keep_directories_and_split_at_the_first_dot_of_the_last_component()
    {
        var tar = new TarBuilder()
            .Sample("dir.v1/sub/k1", ShardTestHelpers.Msgpack(1))
            .Raw(TarBuilder.Header("k2.msgpack"u8, ShardTestHelpers.Msgpack(2).Length, prefix: "pre/fix")).Data(ShardTestHelpers.Msgpack(2))
            .Sample("./k3", ShardTestHelpers.Msgpack(3))
            .End().ToArray();

        var read = await ShardTestHelpers.ReadAllAsync(tar);
        Assert.That(read.Select(s => s.Key), Is.EqualTo(new[] { "dir.v1/sub/k1", "pre/fix/k2", "./k3" }));
    }

    [Test]
    public void A_suffix_with_more_dots_is_not_msgpack()
    {
        var tar = new TarBuilder().File("x.y.msgpack", ShardTestHelpers.Msgpack(1)).End().ToArray();
        var ex = Assert.ThrowsAsync<ShardFormatException>(() => ShardTestHelpers.ReadAllAsync(tar));
        Assert.That(ex!.Error, Is.EqualTo(ShardFormatError.MissingMsgpack));
        Assert.That(ex.Message, Does.Contain("y.msgpack"));
    }

    [TestCase("a.msgpack", "a", "msgpack")]
    [TestCase("dir/a.b.C", "dir/a", "b.c")]
    [TestCase("d.x/a.msgpack", "d.x/a", "msgpack")]
    [TestCase("a/.hidden", "a/", "hidden")]
    [TestCase("x.y/.hidden", null, null)]
    [TestCase(".hidden", null, null)]
    [TestCase("README", null, null)]
    [TestCase("dir.d/README", null, null)]
    [TestCase("__meta__", null, null)]
    [TestCase("__index__/a.msgpack", null, null)]
    [TestCase("__x__.json", "__x__", "json")]
    [TestCase("sub/__meta__.json", "sub/__meta__", "json")]
    public void Names_split_like_webdataset(string name, string? key, string? suffix)
    {
        bool ok = ShardReader.TrySplit(name, out var k, out var s);
        Assert.That(ok, Is.EqualTo(key is not null));
        if (ok)
        {
            Assert.That((k, s), Is.EqualTo((key, suffix)));
        }
    }

    [Test]
    public async Task Metadata_files_directories_and_unkeyed_members_are_skipped_with_counters()
    {
        var tar = new TarBuilder()
            .File("__meta__", "m"u8)
            .Entry("dir/", (byte)'5')
            .Sample("a", ShardTestHelpers.Msgpack(1))
            .File("README", "r"u8)
            .Entry("link", (byte)'2', size: 0)
            .File("__index__/b.msgpack", "i"u8)
            .File("a.json", "{}"u8)
            .Sample("b", ShardTestHelpers.Msgpack(2))
            .End().ToArray();

        await using var reader = new ShardReader(new MemoryStream(tar), "skip.tar", new ShardReaderOptions { IncludeOtherMembers = true });
        var read = new List<ShardSample>();
        await foreach (var s in reader.ReadSamplesAsync())
        {
            read.Add(s.ToOwned());
        }

        Assert.That(read.Select(s => s.Key), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(read[0].OtherMembers.Keys, Is.EqualTo(new[] { "json" }), "skipped members do not end a sample, as in Python");
        Assert.That(reader.SkippedEntryCount, Is.EqualTo(2));
        Assert.That(reader.SkippedMemberCount, Is.EqualTo(3));
        Assert.That(reader.SampleCount, Is.EqualTo(2));
    }

    [Test]
    public async Task Links_and_directories_carry_no_data_even_with_a_size_like_in_python()
    {
        // Python's tarfile does not skip data for these types, so the next header follows directly.
        var tar = new TarBuilder()
            .Raw(TarBuilder.Header("link"u8, 100, (byte)'2'))
            .Raw(TarBuilder.Header("dir/"u8, 700, (byte)'5'))
            .Sample("a", ShardTestHelpers.Msgpack(1))
            .Raw(TarBuilder.Header("vendor"u8, 600, (byte)'V')).Raw(new byte[1024])
            .Sample("b", ShardTestHelpers.Msgpack(2))
            .End().ToArray();
        await using var reader = new ShardReader(new MemoryStream(tar), "sizes.tar");
        var keys = new List<string>();
        await foreach (var s in reader.ReadSamplesAsync())
        {
            keys.Add(s.Key);
        }

        Assert.That(keys, Is.EqualTo(new[] { "a", "b" }), "unknown types have their data skipped");
        Assert.That(reader.SkippedEntryCount, Is.EqualTo(3));
    }

    [Test]
    public async Task Pax_size_and_path_records_override_the_header_and_globals_apply_to_all()
    {
        var payload = ShardTestHelpers.Msgpack(9);
        var tar = new TarBuilder()
            .Pax((byte)'x', ("size", payload.Length.ToString()), ("path", "real.msgpack"))
            .Raw(TarBuilder.Header("fake.msgpack"u8, 0)).Data(payload)
            .End().ToArray();
        var read = await ShardTestHelpers.ReadAllAsync(tar);
        Assert.That(read.Single().Key, Is.EqualTo("real"));
        Assert.That(read.Single().Msgpack.ToArray(), Is.EqualTo(payload));

        var global = new TarBuilder()
            .Pax((byte)'g', ("comment", "made by hand"))
            .Sample("g", payload)
            .End().ToArray();
        Assert.That((await ShardTestHelpers.ReadAllAsync(global)).Single().Key, Is.EqualTo("g"));
    }

    [Test]
    public async Task Old_v7_and_gnu_headers_and_base256_sizes_are_read()
    {
        var payload = ShardTestHelpers.Msgpack(5);
        var v7 = TarBuilder.Header("v7.msgpack"u8, payload.Length, type: 0, tweak: h => h.AsSpan(257, 8).Clear());
        var gnu = TarBuilder.Header("gnu.msgpack"u8, payload.Length, gnuMagic: true);
        var b256 = TarBuilder.Header("b.msgpack"u8, payload.Length, tweak: h =>
        {
            h.AsSpan(124, 12).Clear();
            h[124] = 0x80;
            h[135] = (byte)payload.Length;
        });
        var tar = new TarBuilder().Raw(v7).Data(payload).Raw(gnu).Data(payload).Raw(b256).Data(payload).End().ToArray();
        var read = await ShardTestHelpers.ReadAllAsync(tar);
        Assert.That(read.Select(s => s.Key), Is.EqualTo(new[] { "v7", "gnu", "b" }));
        Assert.That(read.Select(s => s.Msgpack.ToArray()), Is.All.EqualTo(payload));
    }

    [Test]
    public async Task Signed_header_checksums_are_accepted()
    {
        var payload = ShardTestHelpers.Msgpack(1);
        var header = TarBuilder.Header(Encoding.UTF8.GetBytes("é.msgpack"), payload.Length, after: h =>
        {
            h.AsSpan(148, 8).Fill((byte)' ');
            int signed = h.Sum(b => (int)(sbyte)b);
            Encoding.ASCII.GetBytes(Convert.ToString(signed, 8).PadLeft(6, '0') + "\0 ").CopyTo(h, 148);
        });
        var read = await ShardTestHelpers.ReadAllAsync(new TarBuilder().Raw(header).Data(payload).End().ToArray());
        Assert.That(read.Single().Key, Is.EqualTo("é"));
    }

    [Test]
    public async Task A_missing_end_of_archive_marker_is_tolerated()
    {
        var tar = new TarBuilder().Sample("a", ShardTestHelpers.Msgpack(1)).Sample("b", ShardTestHelpers.Msgpack(2)).ToArray();
        Assert.That((await ShardTestHelpers.ReadAllAsync(tar)).Select(s => s.Key), Is.EqualTo(new[] { "a", "b" }));

        var withPartialZeros = new TarBuilder().Sample("a", ShardTestHelpers.Msgpack(1)).Raw(new byte[100]).ToArray();
        Assert.That((await ShardTestHelpers.ReadAllAsync(withPartialZeros)).Select(s => s.Key), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public async Task An_empty_archive_has_no_samples()
    {
        Assert.That(await ShardTestHelpers.ReadAllAsync(new byte[10240]), Is.Empty);
        Assert.That(await ShardTestHelpers.ReadAllAsync(new byte[512]), Is.Empty);
    }

    [Test]
    public async Task The_expected_checksum_is_verified_over_the_whole_file()
    {
        var bytes = File.ReadAllBytes(TestVectors.PathOf("wds_style_shard.tar"));
        string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var good = new ShardReaderOptions { ExpectedChecksums = new Dictionary<string, string> { ["s.tar"] = sha.ToUpperInvariant() } };
        Assert.That(await ShardTestHelpers.ReadAllAsync(bytes, good, "s.tar"), Has.Count.EqualTo(2));

        var bad = new ShardReaderOptions { ExpectedChecksums = new Dictionary<string, string> { ["s.tar"] = new string('0', 64) } };
        var ex = Assert.ThrowsAsync<ShardIntegrityException>(() => ShardTestHelpers.ReadAllAsync(bytes, bad, "s.tar"));
        Assert.That(ex!.ActualSha256, Is.EqualTo(sha));
        Assert.That(ex.ExpectedSha256, Is.EqualTo(new string('0', 64)));

        // Other shards are not checked.
        Assert.That(await ShardTestHelpers.ReadAllAsync(bytes, bad, "other.tar"), Has.Count.EqualTo(2));
        Assert.Throws<ArgumentException>(() => _ = new ShardReader(new MemoryStream(bytes), "s.tar", new ShardReaderOptions { ExpectedChecksums = new Dictionary<string, string> { ["s.tar"] = "xyz" } }));
    }

    [Test]
    public async Task Sample_bytes_are_reused_until_copied()
    {
        var tar = new TarBuilder().Sample("a", ShardTestHelpers.Msgpack(1)).Sample("b", ShardTestHelpers.Msgpack(2)).End().ToArray();
        await using var reader = new ShardReader(new MemoryStream(tar), "reuse.tar");
        Assert.That(await reader.MoveNextAsync(), Is.True);
        var live = reader.Current;
        var owned = live.ToOwned();
        Assert.That(live.IsOwned, Is.False);
        Assert.That(owned.IsOwned, Is.True);
        Assert.That(await reader.MoveNextAsync(), Is.True);
        Assert.That(owned.Unpack<TestSample>().Id, Is.EqualTo(1), "the owned copy survives the reader advancing");
        Assert.That(reader.Current.Unpack<TestSample>().Id, Is.EqualTo(2));
        Assert.That(await reader.MoveNextAsync(), Is.False);
        Assert.That(await reader.MoveNextAsync(), Is.False);
    }

    [Test]
    public async Task Reading_allocates_no_array_per_sample()
    {
        using var stream = new MemoryStream();
        await using (var writer = new ShardWriter(stream, null, new ShardWriterOptions(), leaveOpen: true))
        {
            for (int i = 0; i < 300; i++)
            {
                await writer.WriteAsync(TestSample.Make(i, 64 * 1024), $"k{i}");
            }
        }

        var bytes = stream.ToArray();
        await ShardTestHelpers.ReadAllAsync(bytes);
        long allocated = await ShardTestHelpers.AllocatedAsync(async () =>
        {
            await using var reader = new ShardReader(new MemoryStream(bytes), "alloc.tar");
            long total = 0;
            while (await reader.MoveNextAsync())
            {
                total += reader.Current.Msgpack.Length;
            }

            Assert.That(total, Is.GreaterThan(300 * 64 * 1024));
        });

        // 19 MB of samples: a copy per sample would allocate that much; names and keys are small strings.
        Assert.That(allocated, Is.LessThan(1 << 20), $"allocated {allocated} bytes");
    }

    [Test]
    public async Task The_reader_can_be_enumerated_once_and_cancelled()
    {
        var tar = new TarBuilder().Sample("a", ShardTestHelpers.Msgpack(1)).End().ToArray();
        await using var reader = new ShardReader(new MemoryStream(tar), "c.tar");
        Assert.That(async () => await reader.MoveNextAsync(new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());
        Assert.ThrowsAsync<InvalidOperationException>(async () => await reader.MoveNextAsync(), "a cancelled reader must be reopened");

        await using var second = new ShardReader(new MemoryStream(tar), "c.tar");
        await foreach (var _ in second.ReadSamplesAsync())
        {
        }

        Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in second.ReadSamplesAsync())
            {
            }
        });
    }

    [Test]
    public async Task Disposing_closes_the_stream_unless_left_open()
    {
        var tar = new TarBuilder().Sample("a", ShardTestHelpers.Msgpack(1)).End().ToArray();
        var open = new MemoryStream(tar);
        await (new ShardReader(open, "x", leaveOpen: true)).DisposeAsync();
        Assert.That(open.CanRead, Is.True);
        var closed = new MemoryStream(tar);
        await (new ShardReader(closed, "x")).DisposeAsync();
        Assert.That(closed.CanRead, Is.False);
    }
}

/// <summary>A non-seekable stream that returns at most <c>chunk</c> bytes per read.</summary>
internal sealed class TrickleStream(byte[] data, int chunk) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = Math.Min(Math.Min(chunk, buffer.Length), data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Read(buffer.Span));

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
