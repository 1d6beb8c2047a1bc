using System.Buffers;
using System.Runtime.InteropServices;
using Atdata.Msgpack;
using BenchmarkDotNet.Attributes;

namespace Atdata.Benchmarks;

/// <summary>An image-sized sample: 224×224×3 float32 (150,528 elements, 588 KiB).</summary>
[Packable]
public partial record ImageSample(NdArray<float> Image, string Label);

/// <summary>
/// Goals G1/G2: an array-carrying sample packs and unpacks at memcpy speed. Baselines copy the same bytes
/// (pack, pooled unpack) or allocate and copy them (owned unpack) in the same run.
/// </summary>
[Config(typeof(SideBySideConfig))]
public class ArrayBenchmarks
{
    private const int Elements = 224 * 224 * 3;
    private readonly ArrayBufferWriter<byte> _buffer = new(Elements * 4 + 1024);
    private readonly byte[] _copyTarget = new byte[Elements * 4 + 1024];
    private ImageSample _sample = null!;
    private byte[] _packed = [];

    [GlobalSetup]
    public void Setup()
    {
        var data = new float[Elements];
        var random = new Random(42);
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)random.NextDouble();
        }

        _sample = new ImageSample(new NdArray<float>(data, 224, 224, 3), "cat");
        _packed = _sample.Pack();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("ArrayPack")]
    public int Pack_MemcpyBaseline()
    {
        MemoryMarshal.AsBytes(_sample.Image.Span).CopyTo(_copyTarget);
        return _copyTarget.Length;
    }

    [Benchmark, BenchmarkCategory("ArrayPack")]
    public int Pack_Atdata()
    {
        _buffer.ResetWrittenCount();
        Packer.Pack(_sample, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("ArrayUnpackPooled")]
    public int UnpackPooled_MemcpyBaseline()
    {
        _packed.AsSpan(0, Elements * 4).CopyTo(_copyTarget);
        return _copyTarget.Length;
    }

    [Benchmark, BenchmarkCategory("ArrayUnpackPooled")]
    public long UnpackPooled_Atdata()
    {
        var sample = Packer.Unpack<ImageSample>(_packed, MsgpackReaderOptions.Pooled);
        long length = sample.Image.Length;
        sample.Image.Dispose();
        return length;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("ArrayUnpackOwned")]
    public int UnpackOwned_AllocAndCopyBaseline()
    {
        var target = GC.AllocateUninitializedArray<float>(Elements);
        _packed.AsSpan(0, Elements * 4).CopyTo(MemoryMarshal.AsBytes(target.AsSpan()));
        return target.Length;
    }

    [Benchmark, BenchmarkCategory("ArrayUnpackOwned")]
    public long UnpackOwned_Atdata() => ImageSample.Unpack(_packed).Image.Length;
}
