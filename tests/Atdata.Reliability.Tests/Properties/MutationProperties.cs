using Atdata.Msgpack;
using Atdata.Reliability.Tests.Infrastructure;
using Atdata.Runtime.Tests.Infrastructure;
using Atdata.Runtime.Tests.Shards;
using CsCheck;
using NUnit.Framework;
using static Atdata.Runtime.Tests.Arrays.ArrayTestSupport;

namespace Atdata.Reliability.Tests.Properties;

/// <summary>
/// Guide section 5, goal 2: every mutation of a valid shard, sample or array payload either decodes or raises an
/// <see cref="AtdataException"/> subtype, never anything else and never a hang. The counts are asserted, not the
/// time. A failure prints the CsCheck seed; replay it with ATDATA_FUZZ_SEED=&lt;seed&gt;.
/// </summary>
[TestFixture]
[Category("Fuzz")]
[Category("CWE-20")]
public sealed class MutationProperties
{
    [Test]
    public void Mutated_shards_decode_or_raise_a_typed_error()
    {
        var seeds = ShardSeeds();
        var gen = Gen.Select(Gen.Int[0, seeds.Length - 1], Mutation.Edits(tarFields: true), Gen.Bool);
        long tried = Fuzz(FuzzBudget.Shards, gen, t => Mutation.Apply(seeds[t.Item1], t.Item2, fixTarChecksums: t.Item3), ReadShard);
        Assert.That(tried, Is.GreaterThanOrEqualTo(FuzzBudget.Shards));
    }

    [Test]
    public void Mutated_msgpack_samples_decode_or_raise_a_typed_error()
    {
        var seeds = SampleSeeds();
        var gen = Gen.Select(Gen.Int[0, seeds.Length - 1], Mutation.Edits(tarFields: false));
        long tried = Fuzz(FuzzBudget.Samples, gen, t => Mutation.Apply(seeds[t.Item1], t.Item2, fixTarChecksums: false), DecodeSample);
        Assert.That(tried, Is.GreaterThanOrEqualTo(FuzzBudget.Samples));
    }

    [Test]
    public void Mutated_array_payloads_decode_or_raise_a_typed_error()
    {
        byte[][] seeds =
        [
            Compact("<f4", [2, 3], Enumerable.Range(0, 24).Select(i => (byte)i).ToArray()),
            Compact(">f8", [2], new byte[16]),
            Compact("|b1", [3], [1, 0, 1]),
            Compact("<i8", [], new byte[8]),
            Compact("<U3", [2], new byte[24]),
            Npy("<f4", false, [2, 2], new byte[16]),
            Npy(">i2", true, [3, 2], new byte[12], major: 2),
            Npy("<f4", false, [4], new byte[16], major: 3),
        ];
        var gen = Gen.Select(Gen.Int[0, seeds.Length - 1], Mutation.Edits(tarFields: false));
        long tried = Fuzz(FuzzBudget.Arrays, gen, t => Mutation.Apply(seeds[t.Item1], t.Item2, fixTarChecksums: false), DecodeArray);
        Assert.That(tried, Is.GreaterThanOrEqualTo(FuzzBudget.Arrays));
    }

    /// <summary>Runs <paramref name="iterations"/> inputs single-threaded under the watchdog; returns how many were tried.</summary>
    private static long Fuzz<T>(long iterations, Gen<T> gen, Func<T, byte[]> build, Action<byte[]> decode)
    {
        long tried = 0;
        Watchdog.Run(dog => gen.Sample(
            input =>
            {
                byte[] bytes = build(input);
                dog.Begin(Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 4096))));
                Interlocked.Increment(ref tried);
                Figures.Mutated();
                if (Outcome.Untyped(() => decode(bytes)) is { } untyped)
                {
                    throw new AssertionException($"untyped exception for input {Convert.ToHexString(bytes)}: {untyped}");
                }
            },
            writeLine: TestContext.Progress.WriteLine,
            seed: FuzzBudget.Seed,
            iter: iterations,
            threads: 1,
            print: input => Convert.ToHexString(build(input))));
        return tried;
    }

    internal static void ReadShard(byte[] shard)
    {
        var reader = new ShardReader(new MemoryStream(shard, writable: false), "fuzz.tar", new ShardReaderOptions { IncludeOtherMembers = true, MaxEntries = 64 });
        try
        {
            while (Sync(reader.MoveNextAsync()))
            {
                _ = DynamicSample.Unpack(reader.Current.Msgpack.Span);
            }
        }
        finally
        {
            var disposing = reader.DisposeAsync();
            if (!disposing.IsCompleted)
            {
                disposing.AsTask().GetAwaiter().GetResult();
            }
        }
    }

    private static bool Sync(ValueTask<bool> next) => next.IsCompleted ? next.GetAwaiter().GetResult() : next.AsTask().GetAwaiter().GetResult();

    internal static void DecodeSample(byte[] bytes)
    {
        _ = DynamicSample.Unpack(bytes);
        _ = Packer.Unpack<PropScalars>(bytes);
        _ = Packer.Unpack<PropCollections>(bytes);
        Packer.Unpack<PropArrays>(bytes);
    }

    internal static void DecodeArray(byte[] payload)
    {
        _ = NdArray.Parse(payload);
        _ = NdArray<float>.Parse(payload);
        NdArray<double>.Parse(payload, NdArrayAllocation.Pooled).Dispose();
        var reader = new MsgpackReader(Bin(payload));
        _ = NdArrayMsgpack.ReadNdArray(ref reader);
    }

    private static byte[][] ShardSeeds()
    {
        var s = ShardTestHelpers.Msgpack(1);
        return
        [
            new TarBuilder().Sample("good", s).Sample("second", s).End().ToArray(),
            new TarBuilder().Sample("a", s).Pax((byte)'x', ("path", "p.msgpack")).Raw(TarBuilder.Header("p.msgpack"u8, s.Length)).Data(s)
                .GnuLongName("long/name.msgpack"u8.ToArray()).Raw(TarBuilder.Header("x"u8, s.Length)).Data(s).EndPadded().ToArray(),
            new TarBuilder().File("k.json", "{}"u8).Sample("k", s).File("k.txt", "hello"u8).End().ToArray(),
            Packer.Pack(RoundTripProperties.ExampleArrays()) is var arrays ? new TarBuilder().Sample("arr", arrays).End().ToArray() : [],
            File.ReadAllBytes(TestVectors.PathOf("wds_style_shard.tar")),
        ];
    }

    private static byte[][] SampleSeeds() =>
    [
        ShardTestHelpers.Msgpack(3),
        Packer.Pack(new PropScalars(1, 2, 0.5, 1.5f, true, "héllo ✓", [1, 2, 3], 7, "x")),
        Packer.Pack(new PropCollections(["a", "bb"], [1, -2, 1L << 40], [[1], [2, 3]], [0.25])),
        Packer.Pack(RoundTripProperties.ExampleArrays()),
        new DynamicSample([new("nested", new DynamicSample([new("list", new object?[] { 1L, "two", null, 3.5, new byte[] { 9 } })]))]).Pack(),
    ];
}
