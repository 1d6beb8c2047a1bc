using System.Security.Cryptography;
using System.Text;
using Atdata.Msgpack;
using Atdata.Runtime.Tests.Infrastructure;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Shards;

public class ShardWriterTests
{
    private static readonly ShardWriterOptions s_fast = new() { FlushToDisk = false };

    [Test]
    public async Task Writing_the_fixture_samples_reproduces_the_python_fixture_byte_for_byte()
    {
        var fixture = File.ReadAllBytes(TestVectors.PathOf("python_fixture_test_samples.tar"));
        var members = ShardTestHelpers.ReadWithTarReader(fixture);
        using var dir = new TempDir();
        await using (var writer = new ShardWriter(dir["out.tar"], s_fast))
        {
            foreach (var (name, data, _) in members)
            {
                await writer.WriteAsync(name[..name.IndexOf('.')], data);
            }
        }

        Assert.That(File.ReadAllBytes(dir["out.tar"]), Is.EqualTo(fixture));
    }

    [Test]
    public async Task Typed_samples_read_back_with_our_reader_and_with_dotnet_TarReader()
    {
        using var dir = new TempDir();
        var samples = Enumerable.Range(0, 25).Select(i => TestSample.Make(i, blobSize: i * 37)).ToArray();
        await using (var writer = new ShardWriter(dir["typed.tar"], s_fast))
        {
            for (int i = 0; i < samples.Length; i++)
            {
                await writer.WriteAsync(samples[i], key: $"k{i:D4}");
            }

            Assert.That(writer.SampleCount, Is.EqualTo(25));
        }

        var bytes = File.ReadAllBytes(dir["typed.tar"]);
        var read = await ShardTestHelpers.ReadAllAsync(bytes);
        Assert.That(read.Select(s => s.Key), Is.EqualTo(samples.Select((_, i) => $"k{i:D4}")));
        Assert.That(read.Select(s => s.Unpack<TestSample>()), Is.EqualTo(samples));

        var tar = ShardTestHelpers.ReadWithTarReader(bytes);
        Assert.That(tar.Select(m => m.Name), Is.EqualTo(samples.Select((_, i) => $"k{i:D4}.msgpack")));
        Assert.That(tar.Select(m => m.Format), Is.All.EqualTo(System.Formats.Tar.TarEntryFormat.Ustar));
        for (int i = 0; i < samples.Length; i++)
        {
            Assert.That(tar[i].Data, Is.EqualTo(samples[i].Pack()));
        }
    }

    [Test]
    public async Task Header_fields_and_padding_follow_the_ustar_layout()
    {
        using var dir = new TempDir();
        var payload = Enumerable.Range(0, 700).Select(i => (byte)i).ToArray();
        await using (var writer = new ShardWriter(dir["layout.tar"], s_fast with { ModificationTime = DateTimeOffset.FromUnixTimeSeconds(1_768_950_488) }))
        {
            await writer.WriteAsync("abc", payload);
        }

        var tar = File.ReadAllBytes(dir["layout.tar"]);
        Assert.That(tar.Length, Is.EqualTo(10240));
        var header = tar.AsSpan(0, 512);
        Assert.That(Field(header, 0, 100), Is.EqualTo("abc.msgpack"));
        Assert.That(Encoding.ASCII.GetString(header.Slice(100, 8)), Is.EqualTo("0000644\0"));
        Assert.That(Encoding.ASCII.GetString(header.Slice(108, 8)), Is.EqualTo("0000000\0"));
        Assert.That(Encoding.ASCII.GetString(header.Slice(116, 8)), Is.EqualTo("0000000\0"));
        Assert.That(Encoding.ASCII.GetString(header.Slice(124, 12)), Is.EqualTo("00000001274\0"), "700 in octal");
        Assert.That(Encoding.ASCII.GetString(header.Slice(136, 12)), Is.EqualTo(Convert.ToString(1_768_950_488, 8).PadLeft(11, '0') + "\0"));
        Assert.That((char)header[156], Is.EqualTo('0'));
        Assert.That(Encoding.ASCII.GetString(header.Slice(257, 8)), Is.EqualTo("ustar\000"));
        Assert.That(header[265..].ToArray(), Is.All.EqualTo(0), "uname, gname, devices and prefix are empty");

        int stored = Convert.ToInt32(Encoding.ASCII.GetString(header.Slice(148, 6)), 8);
        Assert.That(Encoding.ASCII.GetString(header.Slice(154, 2)), Is.EqualTo("\0 "));
        var copy = header.ToArray();
        copy.AsSpan(148, 8).Fill((byte)' ');
        Assert.That(stored, Is.EqualTo(copy.Sum(b => b)));

        Assert.That(tar.AsSpan(512, 700).ToArray(), Is.EqualTo(payload));
        Assert.That(tar.AsSpan(1212).ToArray(), Is.All.EqualTo(0), "data padding, end-of-archive blocks and record padding are zeros");
    }

    private static string Field(ReadOnlySpan<byte> header, int offset, int length)
    {
        var field = header.Slice(offset, length);
        int nul = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul >= 0 ? field[..nul] : field);
    }

    [Test]
    public async Task Zero_samples_still_produce_one_empty_shard()
    {
        using var dir = new TempDir();
        var writer = new ShardWriter(dir["data-%06d.tar"], s_fast);
        Assert.That(dir.Files(), Has.Length.EqualTo(1).And.All.Matches<string>(f => f.StartsWith(".data-000000.tar.", StringComparison.Ordinal)), "opened immediately, under a temporary name");
        await writer.DisposeAsync();

        Assert.That(dir.Files(), Is.EqualTo(new[] { "data-000000.tar" }));
        var bytes = File.ReadAllBytes(dir["data-000000.tar"]);
        Assert.That(bytes, Has.Length.EqualTo(10240).And.All.EqualTo(0));
        Assert.That(writer.ShardUrls, Is.EqualTo(new[] { dir["data-000000.tar"] }));
        Assert.That(writer.Shards[0].SampleCount, Is.Zero);
        Assert.That(await ShardTestHelpers.ReadAllAsync(bytes), Is.Empty);
    }

    [TestCase(7, 3, new[] { 3, 3, 1 })]
    [TestCase(6, 3, new[] { 3, 3 })]
    [TestCase(1, 1, new[] { 1 })]
    [TestCase(3, 1, new[] { 1, 1, 1 })]
    [TestCase(2, 5, new[] { 2 })]
    public async Task MaxCount_rolls_over_before_the_write_that_would_exceed_it(int samples, int maxCount, int[] expected)
    {
        using var dir = new TempDir();
        await using (var writer = new ShardWriter(dir["data-%06d.tar"], s_fast with { MaxCount = maxCount }))
        {
            for (int i = 0; i < samples; i++)
            {
                await writer.WriteAsync(TestSample.Make(i), $"s{i}");
            }
        }

        var files = dir.Files();
        Assert.That(files, Is.EqualTo(expected.Select((_, i) => $"data-{i:D6}.tar")));
        var counts = new List<int>();
        int next = 0;
        foreach (var file in files)
        {
            var read = await ShardTestHelpers.ReadFileAsync(dir[file]);
            counts.Add(read.Count);
            Assert.That(read.Select(s => s.Key), Is.EqualTo(Enumerable.Range(next, read.Count).Select(i => $"s{i}")));
            next += read.Count;
        }

        Assert.That(counts, Is.EqualTo(expected));
    }

    [TestCase(200, new[] { 2, 2, 1 })]
    [TestCase(201, new[] { 3, 2 })]
    [TestCase(100, new[] { 1, 1, 1, 1, 1 })]
    [TestCase(1, new[] { 1, 1, 1, 1, 1 })]
    [TestCase(10_000, new[] { 5 })]
    public async Task MaxSize_counts_payload_bytes_and_may_overshoot_by_one_sample(long maxSize, int[] expected)
    {
        using var dir = new TempDir();
        await using (var writer = new ShardWriter(dir["part-%d.tar"], s_fast with { MaxSize = maxSize }))
        {
            for (int i = 0; i < 5; i++)
            {
                await writer.WriteAsync($"s{i}", new byte[100]);
            }

            Assert.That(writer.Shards.Select(s => s.PayloadBytes), Is.All.EqualTo(0).Or.All.GreaterThanOrEqualTo(Math.Min(maxSize, 100)));
        }

        var files = dir.Files();
        Assert.That(files, Is.EqualTo(expected.Select((_, i) => $"part-{i}.tar")));
        var counts = new List<int>();
        foreach (var file in files)
        {
            counts.Add((await ShardTestHelpers.ReadFileAsync(dir[file])).Count);
        }

        Assert.That(counts, Is.EqualTo(expected));
    }

    [Test]
    public async Task A_path_without_percent_never_rolls_over()
    {
        using var dir = new TempDir();
        await using (var writer = new ShardWriter(dir["single.tar"], s_fast with { MaxCount = 1, MaxSize = 1 }))
        {
            for (int i = 0; i < 4; i++)
            {
                await writer.WriteAsync(TestSample.Make(i));
            }
        }

        Assert.That(dir.Files(), Is.EqualTo(new[] { "single.tar" }));
        Assert.That(await ShardTestHelpers.ReadFileAsync(dir["single.tar"]), Has.Count.EqualTo(4));
    }

    [TestCase("d-%06d.tar", "d-000000.tar", "d-000001.tar")]
    [TestCase("d-%d.tar", "d-0.tar", "d-1.tar")]
    [TestCase("d-%3d.tar", "d-  0.tar", "d-  1.tar")]
    [TestCase("d-%-3d.tar", "d-0  .tar", "d-1  .tar")]
    [TestCase("d_%03i_%%.tar", "d_000_%.tar", "d_001_%.tar")]
    public async Task Patterns_are_formatted_like_python_percent(string pattern, string first, string second)
    {
        using var dir = new TempDir();
        await using (var writer = new ShardWriter(dir[pattern], s_fast with { MaxCount = 1 }))
        {
            await writer.WriteAsync("a", new byte[] { 0x80 });
            await writer.WriteAsync("b", new byte[] { 0x80 });
        }

        Assert.That(dir.Files(), Is.EqualTo(new[] { first, second }.Order(StringComparer.Ordinal)));
    }

    [TestCase("d-%s.tar")]
    [TestCase("d-%d-%d.tar")]
    [TestCase("d-%%.tar")]
    [TestCase("d-%.3d.tar")]
    [TestCase("d-%")]
    public void Patterns_without_exactly_one_integer_conversion_are_refused(string pattern)
    {
        using var dir = new TempDir();
        Assert.Throws<ArgumentException>(() => _ = new ShardWriter(dir[pattern], s_fast));
        Assert.That(dir.Files(), Is.Empty);
    }

    [Test]
    public async Task Shards_appear_only_when_complete_under_their_final_name()
    {
        using var dir = new TempDir();
        var seenAtCompletion = new List<string[]>();
        var options = s_fast with
        {
            MaxCount = 2,
            ShardCompleted = (info, _) =>
            {
                seenAtCompletion.Add(dir.Files());
                Assert.That(File.Exists(info.Url), Is.True, "the shard is in place when the callback runs");
                return ValueTask.CompletedTask;
            },
        };
        await using (var writer = new ShardWriter(dir["s-%02d.tar"], options))
        {
            await writer.WriteAsync(TestSample.Make(0));
            await writer.WriteAsync(TestSample.Make(1));
            Assert.That(dir.Files().Where(f => !f.StartsWith('.')), Is.Empty, "nothing is visible while the first shard is written");
            await writer.WriteAsync(TestSample.Make(2));
            Assert.That(dir.Files().Where(f => !f.StartsWith('.')), Is.EqualTo(new[] { "s-00.tar" }));
            Assert.That(dir.Files().Count(f => f.StartsWith(".s-01.tar.", StringComparison.Ordinal) && f.EndsWith(".tmp", StringComparison.Ordinal)), Is.EqualTo(1));
        }

        Assert.That(dir.Files(), Is.EqualTo(new[] { "s-00.tar", "s-01.tar" }), "no temporary file is left");
        Assert.That(seenAtCompletion.Select(f => f.Length), Is.EqualTo(new[] { 1, 2 }), "the next shard is opened after the callback");
    }

    [Test]
    public async Task Abort_deletes_the_temporary_file_and_keeps_finished_shards()
    {
        using var dir = new TempDir();
        var writer = new ShardWriter(dir["s-%d.tar"], s_fast with { MaxCount = 1 });
        await writer.WriteAsync(TestSample.Make(0));
        await writer.WriteAsync(TestSample.Make(1));
        await writer.AbortAsync();
        Assert.That(dir.Files(), Is.EqualTo(new[] { "s-0.tar" }));
        Assert.ThrowsAsync<InvalidOperationException>(async () => await writer.WriteAsync(TestSample.Make(2)));
        await writer.DisposeAsync();
        Assert.That(dir.Files(), Is.EqualTo(new[] { "s-0.tar" }));
        Assert.That(writer.ShardUrls, Is.EqualTo(new[] { dir["s-0.tar"] }));
    }

    [Test]
    public async Task A_write_cancelled_while_flushing_faults_the_writer_and_deletes_the_temporary_file()
    {
        using var dir = new TempDir();
        using var cts = new CancellationTokenSource();
        var writer = new ShardWriter(dir["c.tar"], s_fast with { BufferSize = 4096 });
        await writer.WriteAsync(TestSample.Make(0));

        // The sample's serializer cancels the token after the write began; the flush then observes it.
        var sample = new CancellingSample(cts, new byte[10_000]);
        Assert.That(async () => await writer.WriteAsync(sample, "x", cts.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(dir.Files(), Is.Empty, "the partial shard's temporary file is gone");
        Assert.ThrowsAsync<InvalidOperationException>(async () => await writer.WriteAsync(TestSample.Make(1)));
        await writer.DisposeAsync();
        Assert.That(dir.Files(), Is.Empty);
    }

    [Test]
    public async Task A_token_cancelled_before_the_write_leaves_the_writer_usable()
    {
        using var dir = new TempDir();
        await using (var writer = new ShardWriter(dir["c.tar"], s_fast))
        {
            Assert.That(async () => await writer.WriteAsync(TestSample.Make(0), "a", new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());
            await writer.WriteAsync(TestSample.Make(1), "b");
        }

        Assert.That((await ShardTestHelpers.ReadFileAsync(dir["c.tar"])).Select(s => s.Key), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public async Task A_sample_whose_serializer_throws_is_rolled_back()
    {
        using var dir = new TempDir();
        await using (var writer = new ShardWriter(dir["r.tar"], s_fast))
        {
            await writer.WriteAsync(TestSample.Make(0), "a");
            Assert.ThrowsAsync<InvalidOperationException>(async () => await writer.WriteAsync(new ThrowingSample(), "bad"));
            await writer.WriteAsync(TestSample.Make(1), "b");
        }

        var read = await ShardTestHelpers.ReadFileAsync(dir["r.tar"]);
        Assert.That(read.Select(s => s.Key), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(read[1].Unpack<TestSample>(), Is.EqualTo(TestSample.Make(1)));
    }

    [Test]
    public async Task Checksums_are_the_sha256_of_each_file()
    {
        using var dir = new TempDir();
        ShardWriter writer;
        await using (writer = new ShardWriter(dir["h-%03d.tar"], s_fast with { MaxCount = 4 }))
        {
            for (int i = 0; i < 10; i++)
            {
                await writer.WriteAsync(TestSample.Make(i, 3000));
            }
        }

        Assert.That(writer.ShardUrls, Has.Count.EqualTo(3));
        Assert.That(writer.Checksums.Keys, Is.EquivalentTo(writer.ShardUrls));
        foreach (var url in writer.ShardUrls)
        {
            var bytes = File.ReadAllBytes(url);
            Assert.That(writer.Checksums[url], Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(bytes))));
            var info = writer.Shards.Single(s => s.Url == url);
            Assert.That(info.Length, Is.EqualTo(bytes.Length));
            Assert.That(bytes.Length % 10240, Is.Zero);
        }

        Assert.That(writer.Shards.Select(s => s.SampleCount), Is.EqualTo(new[] { 4L, 4, 2 }));
    }

    [Test]
    public async Task Checksums_can_be_turned_off()
    {
        using var dir = new TempDir();
        var writer = new ShardWriter(dir["n.tar"], s_fast with { ComputeChecksums = false });
        await using (writer)
        {
            await writer.WriteAsync(TestSample.Make(0));
        }

        Assert.That(writer.Shards.Single().Sha256, Is.Null);
        Assert.That(writer.Checksums, Is.Empty);
        Assert.That(writer.ShardUrls, Is.EqualTo(new[] { dir["n.tar"] }));
    }

    [Test]
    public void The_vectorized_header_checksum_equals_the_byte_sum()
    {
        var random = new Random(99);
        var block = new byte[512];
        for (int round = 0; round < 200; round++)
        {
            random.NextBytes(block);
            if (round % 3 == 0)
            {
                block.AsSpan().Fill(0xff);
            }

            int expected = 8 * ' ';
            int signed = 8 * ' ';
            for (int i = 0; i < 512; i++)
            {
                if (i is < 148 or >= 156)
                {
                    expected += block[i];
                    signed += (sbyte)block[i];
                }
            }

            Assert.That(Atdata.Shards.TarFormat.UnsignedChecksum(block), Is.EqualTo(expected));
            Assert.That(Atdata.Shards.TarFormat.SignedChecksum(block), Is.EqualTo(signed));
        }
    }

    [Test]
    public async Task Output_is_reproducible_with_fixed_keys()
    {
        using var dir = new TempDir();
        for (int run = 0; run < 2; run++)
        {
            await using var writer = new ShardWriter(dir[$"r{run}.tar"], s_fast);
            for (int i = 0; i < 5; i++)
            {
                await writer.WriteAsync(TestSample.Make(i), $"key{i}");
            }
        }

        Assert.That(File.ReadAllBytes(dir["r0.tar"]), Is.EqualTo(File.ReadAllBytes(dir["r1.tar"])));
    }

    [Test]
    public async Task Default_keys_are_uuid1_strings()
    {
        using var stream = new MemoryStream();
        await using (var writer = new ShardWriter(stream, "mem", s_fast, leaveOpen: true))
        {
            await writer.WriteAsync(TestSample.Make(0));
            await writer.WriteAsync(TestSample.Make(1));
        }

        var keys = (await ShardTestHelpers.ReadAllAsync(stream.ToArray())).Select(s => s.Key).ToArray();
        Assert.That(keys, Has.All.Matches(@"^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-8000-000000000000$"));
        Assert.That(keys[0], Is.Not.EqualTo(keys[1]));
    }

    [Test]
    public async Task Writing_to_a_caller_stream_gives_the_same_bytes_as_a_file()
    {
        using var dir = new TempDir();
        using var stream = new MemoryStream();
        ShardWriter streamWriter;
        await using (streamWriter = new ShardWriter(stream, "s3://bucket/x.tar", s_fast, leaveOpen: true))
        await using (var fileWriter = new ShardWriter(dir["x.tar"], s_fast))
        {
            for (int i = 0; i < 3; i++)
            {
                await streamWriter.WriteAsync(TestSample.Make(i), $"k{i}");
                await fileWriter.WriteAsync(TestSample.Make(i), $"k{i}");
            }
        }

        Assert.That(stream.CanRead, Is.True, "leaveOpen keeps the stream open");
        Assert.That(stream.ToArray(), Is.EqualTo(File.ReadAllBytes(dir["x.tar"])));
        Assert.That(streamWriter.ShardUrls, Is.EqualTo(new[] { "s3://bucket/x.tar" }));
        Assert.That(streamWriter.Checksums["s3://bucket/x.tar"], Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()))));
    }

    [Test]
    public async Task A_failing_stream_faults_the_writer()
    {
        var writer = new ShardWriter(new CountingStream(fail: true), options: s_fast with { BufferSize = 4096 });
        Assert.ThrowsAsync<IOException>(async () => await writer.WriteAsync("k", new byte[8192]));
        Assert.ThrowsAsync<InvalidOperationException>(async () => await writer.WriteAsync("k2", new byte[1]));
        Assert.ThrowsAsync<InvalidOperationException>(async () => await writer.CompleteAsync());
        await writer.DisposeAsync();
    }

    [Test]
    public async Task Dynamic_samples_and_long_keys_are_written()
    {
        using var dir = new TempDir();
        string longKey = new string('k', 150) + "-ключ";
        var dynamic = new DynamicSample(new Dictionary<string, object?> { ["label"] = "cat", ["n"] = 3L });
        await using (var writer = new ShardWriter(dir["d.tar"], s_fast))
        {
            await writer.WriteAsync(dynamic, "short");
            await writer.WriteAsync(dynamic, longKey);
        }

        var bytes = File.ReadAllBytes(dir["d.tar"]);
        var read = await ShardTestHelpers.ReadAllAsync(bytes);
        Assert.That(read.Select(s => s.Key), Is.EqualTo(new[] { "short", longKey }));
        Assert.That(read[1].ToDynamic()["label"], Is.EqualTo("cat"));
        var tar = ShardTestHelpers.ReadWithTarReader(bytes);
        Assert.That(tar.Select(m => m.Name), Is.EqualTo(new[] { "short.msgpack", longKey + ".msgpack" }), "a PAX path record carries the long name");
    }

    [Test]
    public async Task Invalid_keys_and_writes_after_completion_are_refused()
    {
        using var dir = new TempDir();
        var writer = new ShardWriter(dir["k.tar"], s_fast);
        Assert.ThrowsAsync<ArgumentException>(async () => await writer.WriteAsync(TestSample.Make(0), "a.b"));
        Assert.ThrowsAsync<ArgumentException>(async () => await writer.WriteAsync(TestSample.Make(0), "a/b"));
        Assert.ThrowsAsync<ArgumentException>(async () => await writer.WriteAsync("a\nb", new byte[1]));
        Assert.ThrowsAsync<ArgumentException>(async () => await writer.WriteAsync("", new byte[1]));
        await writer.CompleteAsync();
        await writer.CompleteAsync();
        Assert.That(writer.IsCompleted, Is.True);
        Assert.ThrowsAsync<InvalidOperationException>(async () => await writer.WriteAsync(TestSample.Make(0)));
        await writer.DisposeAsync();
    }

    [Test]
    public async Task Samples_larger_than_the_buffer_round_trip()
    {
        using var dir = new TempDir();
        var big = TestSample.Make(1, blobSize: 3 << 20);
        await using (var writer = new ShardWriter(dir["big.tar"], s_fast with { BufferSize = 64 * 1024 }))
        {
            await writer.WriteAsync(TestSample.Make(0), "small");
            await writer.WriteAsync(big, "big");
            await writer.WriteAsync(TestSample.Make(2), "after");
        }

        var read = await ShardTestHelpers.ReadFileAsync(dir["big.tar"]);
        Assert.That(read.Select(s => s.Key), Is.EqualTo(new[] { "small", "big", "after" }));
        Assert.That(read[1].Unpack<TestSample>(), Is.EqualTo(big));
    }

    [Test]
    public async Task Writing_large_samples_allocates_no_array_per_sample()
    {
        // A sink that completes synchronously, so the measurement sees only the writer's own allocations.
        var sink = new CountingStream();
        var sample = TestSample.Make(1, blobSize: 64 * 1024);
        var keys = Enumerable.Range(0, 200).Select(i => $"k{i}").ToArray();
        await using var writer = new ShardWriter(sink, "count", s_fast);
        long allocated = await MeasureWritesAsync(writer, sample, keys);

        // 200 samples of 64 KiB are 13 MB of payload; a copy per sample would allocate at least that.
        Assert.That(sink.Written, Is.GreaterThan(10_000_000));
        Assert.That(allocated, Is.LessThan(256 * 1024), $"allocated {allocated} bytes for 200 samples");
    }

    [Test]
    public async Task Writing_to_a_file_allocates_far_less_than_the_payload()
    {
        using var dir = new TempDir();
        var sample = TestSample.Make(1, blobSize: 64 * 1024);
        await using var writer = new ShardWriter(dir["alloc.tar"], s_fast);
        long allocated = await MeasureWritesAsync(writer, sample, Enumerable.Repeat("k", 200).ToArray());

        Assert.That(allocated, Is.LessThan(13_000_000 / 4), $"allocated {allocated} bytes for 13 MB of samples");
    }

    // Warms the writer up, then returns the bytes allocated while writing one sample per key.
    private static async Task<long> MeasureWritesAsync(ShardWriter writer, TestSample sample, string[] keys)
    {
        for (int i = 0; i < 40; i++)
        {
            await writer.WriteAsync(sample, $"warm{i}");
        }

        return await ShardTestHelpers.AllocatedAsync(async () =>
        {
            foreach (var key in keys)
            {
                await writer.WriteAsync(sample, key);
            }
        });
    }

    /// <summary>A write-only sink that counts what it is given, or fails every write.</summary>
    private sealed class CountingStream(bool fail = false) : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (fail)
            {
                return ValueTask.FromException(new IOException("disk on fire"));
            }

            Written += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Cancels its token while being serialized, to cancel a write after it began.</summary>
internal sealed record CancellingSample(CancellationTokenSource Source, byte[] Blob) : IPackable<CancellingSample>
{
    public static string SchemaName => nameof(CancellingSample);

    public static SchemaRecord Schema { get; } = new(nameof(CancellingSample), "1.0.0", []);

    public static IReadOnlyList<FieldDescriptor> Fields => [];

    public static string SchemaCid => Schema.ComputeStableCid().ToString();

    public static void Write(ref MsgpackWriter writer, CancellingSample value)
    {
        value.Source.Cancel();
        writer.WriteMapHeader(1);
        writer.WriteString("blob");
        writer.WriteBinary(value.Blob);
    }

    public static CancellingSample Read(ref MsgpackReader reader) => throw new NotSupportedException();

    public static CancellingSample FromDynamic(DynamicSample sample) => throw new NotSupportedException();
}

/// <summary>Throws halfway through serializing.</summary>
internal sealed record ThrowingSample : IPackable<ThrowingSample>
{
    public static string SchemaName => nameof(ThrowingSample);

    public static SchemaRecord Schema { get; } = new(nameof(ThrowingSample), "1.0.0", []);

    public static IReadOnlyList<FieldDescriptor> Fields => [];

    public static string SchemaCid => Schema.ComputeStableCid().ToString();

    public static void Write(ref MsgpackWriter writer, ThrowingSample value)
    {
        writer.WriteMapHeader(2);
        writer.WriteString("half");
        writer.Flush();
        throw new InvalidOperationException("cannot serialize");
    }

    public static ThrowingSample Read(ref MsgpackReader reader) => throw new NotSupportedException();

    public static ThrowingSample FromDynamic(DynamicSample sample) => throw new NotSupportedException();
}
