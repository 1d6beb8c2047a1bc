using System.Formats.Tar;
using BenchmarkDotNet.Attributes;
using MessagePack;

namespace Atdata.Benchmarks;

/// <summary>
/// Goals G4-G6 (guides/performance.md), each against a baseline in the same run: large-sample shard writes
/// against a raw <see cref="FileStream"/> write of the same byte count (both fsynced), small-sample writes against
/// .NET's <see cref="TarWriter"/> (ustar) with payloads serialized beforehand, and ordered reads against
/// <see cref="TarReader"/> plus MessagePack-CSharp decoding the same shard. Per-sample numbers
/// (OperationsPerInvoke = samples per shard).
/// </summary>
[Config(typeof(SideBySideConfig))]
public class ShardBenchmarks
{
    private const int LargeSamples = 128;
    private const int SmallSamples = 10_000;

    private readonly MemoryStream _sink = new();
    private string _directory = string.Empty;
    private ImageSample _large = null!;
    private byte[] _largeBytes = [];
    private SmallSample[] _small = [];
    private byte[][] _smallPayloads = [];
    private string[] _keys = [];
    private byte[] _smallShard = [];

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "atdata-shard-bench-" + Guid.NewGuid().ToString("n")[..8]);
        Directory.CreateDirectory(_directory);

        // 128 x 128 float32 = 64 KiB of array data per sample.
        var pixels = new float[128 * 128];
        new Random(7).NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(pixels.AsSpan()));
        _large = new ImageSample(new NdArray<float>(pixels, 128, 128), "cat");
        _largeBytes = new byte[LargeSamples * (_large.Pack().Length + 1024)];

        _keys = Enumerable.Range(0, SmallSamples).Select(i => $"sample_{i:D6}").ToArray();
        _small = Enumerable.Range(0, SmallSamples).Select(i => new SmallSample(i, $"sample_{i:D6}", i * 0.5, i % 2 == 0, "cat")).ToArray();
        _smallPayloads = _small.Select(s => s.Pack()).ToArray();

        using var shard = new MemoryStream();
        var writer = new ShardWriter(shard, options: new ShardWriterOptions(), leaveOpen: true);
        foreach (var (sample, key) in _small.Zip(_keys))
        {
            writer.WriteAsync(sample, key).AsTask().GetAwaiter().GetResult();
        }

        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _smallShard = shard.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    // ---- G4: large samples to a file -----------------------------------------------------------------

    [Benchmark(Baseline = true, OperationsPerInvoke = LargeSamples), BenchmarkCategory("Write64KiB")]
    public async Task WriteLarge_FileStreamBaseline()
    {
        string path = Path.Combine(_directory, "raw.bin");
        await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
        {
            await file.WriteAsync(_largeBytes);
            file.Flush(flushToDisk: true);
        }

        File.Delete(path);
    }

    [Benchmark(OperationsPerInvoke = LargeSamples), BenchmarkCategory("Write64KiB")]
    public async Task WriteLarge_ShardWriter()
    {
        string path = Path.Combine(_directory, "large.tar");
        await using (var writer = new ShardWriter(path))
        {
            for (int i = 0; i < LargeSamples; i++)
            {
                await writer.WriteAsync(_large, _keys[i]);
            }
        }

        File.Delete(path);
    }

    [Benchmark(OperationsPerInvoke = LargeSamples), BenchmarkCategory("Write64KiB")]
    public async Task WriteLarge_ShardWriterNoChecksum()
    {
        string path = Path.Combine(_directory, "large-nosha.tar");
        await using (var writer = new ShardWriter(path, new ShardWriterOptions { ComputeChecksums = false }))
        {
            for (int i = 0; i < LargeSamples; i++)
            {
                await writer.WriteAsync(_large, _keys[i]);
            }
        }

        File.Delete(path);
    }

    // ---- G5: small samples, members per second ---------------------------------------------------------

    [Benchmark(Baseline = true, OperationsPerInvoke = SmallSamples), BenchmarkCategory("WriteSmall")]
    public long WriteSmall_TarWriterPreSerialized()
    {
        _sink.SetLength(0);
        using (var tar = new TarWriter(_sink, TarEntryFormat.Ustar, leaveOpen: true))
        {
            for (int i = 0; i < SmallSamples; i++)
            {
                var entry = new UstarTarEntry(TarEntryType.RegularFile, _keys[i] + ".msgpack")
                {
                    DataStream = new MemoryStream(_smallPayloads[i], writable: false),
                    ModificationTime = DateTimeOffset.UnixEpoch,
                };
                tar.WriteEntry(entry);
            }
        }

        return _sink.Length;
    }

    [Benchmark(OperationsPerInvoke = SmallSamples), BenchmarkCategory("WriteSmall")]
    public async Task<long> WriteSmall_ShardWriterSerializing()
    {
        _sink.SetLength(0);
        await using (var writer = new ShardWriter(_sink, options: new ShardWriterOptions(), leaveOpen: true))
        {
            for (int i = 0; i < SmallSamples; i++)
            {
                await writer.WriteAsync(_small[i], _keys[i]);
            }
        }

        return _sink.Length;
    }

    [Benchmark(OperationsPerInvoke = SmallSamples), BenchmarkCategory("WriteSmall")]
    public async Task<long> WriteSmall_ShardWriterSerializingNoChecksum()
    {
        _sink.SetLength(0);
        await using (var writer = new ShardWriter(_sink, options: new ShardWriterOptions { ComputeChecksums = false }, leaveOpen: true))
        {
            for (int i = 0; i < SmallSamples; i++)
            {
                await writer.WriteAsync(_small[i], _keys[i]);
            }
        }

        return _sink.Length;
    }

    // ---- G6: ordered read and decode -------------------------------------------------------------------

    [Benchmark(Baseline = true, OperationsPerInvoke = SmallSamples), BenchmarkCategory("ReadOrdered")]
    public double Read_TarReaderMessagePack()
    {
        double total = 0;
        using var tar = new TarReader(new MemoryStream(_smallShard, writable: false));
        var buffer = new MemoryStream();
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
            {
                buffer.SetLength(0);
                data.CopyTo(buffer);
                total += MessagePackSerializer.Deserialize<SmallSampleMp>(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)).Score;
            }
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = SmallSamples), BenchmarkCategory("ReadOrdered")]
    public async Task<double> Read_ShardReader()
    {
        double total = 0;
        await using var reader = new ShardReader(new MemoryStream(_smallShard, writable: false), "bench.tar");
        while (await reader.MoveNextAsync())
        {
            total += reader.Current.Unpack<SmallSample>().Score;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = SmallSamples), BenchmarkCategory("ReadOrdered")]
    public async Task<long> Read_ShardReaderNoDecode()
    {
        long total = 0;
        await using var reader = new ShardReader(new MemoryStream(_smallShard, writable: false), "bench.tar");
        while (await reader.MoveNextAsync())
        {
            total += reader.Current.Msgpack.Length;
        }

        return total;
    }
}
