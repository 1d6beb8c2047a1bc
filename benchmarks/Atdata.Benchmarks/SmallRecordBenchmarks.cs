using System.Buffers;
using BenchmarkDotNet.Attributes;
using MessagePack;

namespace Atdata.Benchmarks;

/// <summary>A small record as users write it: the generated serializer measured against MessagePack-CSharp.</summary>
[Packable]
public partial record SmallSample(long Id, string Name, double Score, bool Flag, string Label);

/// <summary>The same record for MessagePack-CSharp, with string keys equal to the wire names so the bytes are identical.</summary>
[MessagePackObject]
public sealed class SmallSampleMp
{
    [Key("id")] public long Id { get; set; }
    [Key("name")] public string Name { get; set; } = "";
    [Key("score")] public double Score { get; set; }
    [Key("flag")] public bool Flag { get; set; }
    [Key("label")] public string Label { get; set; } = "";
}

/// <summary>Goal G3: pack and unpack a small record in at most 1.0× MessagePack-CSharp's time, with identical bytes.</summary>
[Config(typeof(SideBySideConfig))]
public class SmallRecordBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly SmallSample _sample = new(123_456, "sample_000042", 0.875, true, "cat");
    private readonly SmallSampleMp _mp = new() { Id = 123_456, Name = "sample_000042", Score = 0.875, Flag = true, Label = "cat" };
    private byte[] _bytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _bytes = _sample.Pack();
        byte[] theirs = MessagePackSerializer.Serialize(_mp);
        if (!_bytes.AsSpan().SequenceEqual(theirs))
        {
            throw new InvalidOperationException("The two serializers must produce identical bytes for the comparison to be fair.");
        }
    }

    [Benchmark(Baseline = true), BenchmarkCategory("SmallPack")]
    public int Pack_MessagePackCSharp()
    {
        _buffer.ResetWrittenCount();
        MessagePackSerializer.Serialize(_buffer, _mp);
        return _buffer.WrittenCount;
    }

    [Benchmark, BenchmarkCategory("SmallPack")]
    public int Pack_Atdata()
    {
        _buffer.ResetWrittenCount();
        Packer.Pack(_sample, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("SmallUnpack")]
    public SmallSampleMp Unpack_MessagePackCSharp() => MessagePackSerializer.Deserialize<SmallSampleMp>(_bytes);

    [Benchmark, BenchmarkCategory("SmallUnpack")]
    public SmallSample Unpack_Atdata() => SmallSample.Unpack(_bytes);
}
