using System.Buffers.Binary;
using System.Text;
using Atdata.Msgpack;
using static Atdata.Runtime.Tests.Arrays.ArrayTestSupport;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Arrays;

/// <summary>
/// Reliability case A1: malformed and hostile array headers are refused with
/// <see cref="SampleFormatError.InvalidArray"/> by every read path, before any allocation the header declares.
/// </summary>
[TestFixture]
public sealed class HostileArrayTests
{
    /// <summary>Each rejection, exception included, must cost less than this (inputs declare gigabytes).</summary>
    private const long AllocationBudget = 64 * 1024;

    private const long TwoPow32 = 1L << 32;
    private const long TwoPow40 = 1L << 40;

    [OneTimeSetUp]
    public void WarmUp()
    {
        // First throws load resources and JIT the paths; measure steady-state rejections only.
        for (int i = 0; i < 3; i++)
        {
            _ = Assert.Throws<SampleFormatException>(() => NdArray.Parse([1]));
            _ = Assert.Throws<SampleFormatException>(() => NdArray<float>.Parse(Npy("{}", [])));
        }
    }

    // ---- compact payloads -------------------------------------------------------------------

    [Test]
    public void ShapeLargerThanBuffer() => AssertRejected<float>(Compact("<f4", [4], new byte[12]));

    [Test]
    public void BufferLargerThanShape() => AssertRejected<float>(Compact("<f4", [2], new byte[12]));

    [Test]
    public void NegativeDimension() => AssertRejected<float>(Compact("<f4", [-2, 3], new byte[24]));

    [Test]
    public void MinusOneDimensionIsNeverInferred()
    {
        // 12 bytes would make (-1,) exactly (3,) if -1 were inferred; it must not be.
        var error = AssertRejected<float>(Compact("<f4", [-1], new byte[12]));
        Assert.That(error.Message, Does.Contain("negative"));
    }

    [Test]
    public void MinusOneBesideOtherDimensionsIsNeverInferred() => AssertRejected<float>(Compact("<f4", [2, -1], new byte[24]));

    [Test]
    public void ProductOverflow_TwoPow40_Times_TwoPow40() => AssertRejected<double>(Compact("<f8", [TwoPow40, TwoPow40], new byte[8]));

    [Test]
    public void ProductThatWrapsToZero_TwoPow32_Times_TwoPow32()
    {
        // 2^32 × 2^32 wraps to 0 in unchecked 64-bit arithmetic, which would match the empty data.
        AssertRejected<double>(Compact("<f8", [TwoPow32, TwoPow32], []));
    }

    [Test]
    public void ProductThatWrapsToTheDataLength()
    {
        // 2^61 × 8 wraps to 0; (2^63 - 1)² wraps to 1, which 8 bytes of '<f8' would match.
        AssertRejected<double>(Compact("<f8", [1L << 61, 8], []));
        AssertRejected<double>(Compact("<f8", [long.MaxValue, long.MaxValue], new byte[8]));
    }

    [Test]
    public void DimensionTimesItemSizeOverflow() => AssertRejected<double>(Compact("<f8", [long.MaxValue / 4], new byte[8]));

    [TestCase(1L << 28, TestName = "DeclaresTwoGigabytesOfDoubles")]
    [TestCase(int.MaxValue, TestName = "DeclaresIntMaxValueDoubles")]
    [TestCase(long.MaxValue / 8, TestName = "DeclaresExabytesOfDoubles")]
    public void DeclaresGigabytesWithATinyBuffer(long count) => AssertRejected<double>(Compact("<f8", [count], new byte[16]));

    [Test]
    public void DeclaresGigabytesInThreeDimensions() => AssertRejected<byte>(Compact("|u1", [4096, 4096, 4096], new byte[64]));

    [TestCase(33)]
    [TestCase(64)]
    [TestCase(255)]
    public void MoreThan32Dimensions(int rank) => AssertRejected<float>(Compact("<f4", Enumerable.Repeat(1L, rank).ToArray(), new byte[4]));

    [Test]
    public void ThirtyTwoDimensionsAreAccepted()
    {
        var array = NdArray<float>.Parse(Compact("<f4", Enumerable.Repeat(1L, 32).ToArray(), new byte[4]));
        Assert.That(array.Rank, Is.EqualTo(32));
    }

    [TestCase("<x4")]
    [TestCase("<f3")]
    [TestCase("<i3")]
    [TestCase("<i16")]
    [TestCase("|b2")]
    [TestCase("<c4")]
    [TestCase("abc")]
    [TestCase("<f")]
    [TestCase("f4")]
    [TestCase("<f04")]
    [TestCase("<f+4")]
    [TestCase("<S0")]
    [TestCase("<U0")]
    [TestCase("<U2000000")]
    [TestCase("<M8[ns]")]
    [TestCase("<m8[s]")]
    [TestCase("<f4\u0000")]
    public void UnknownDType(string dtype) => AssertRejected<float>(Compact(dtype, [1], new byte[4]));

    [TestCase("|O")]
    [TestCase("|O8")]
    [TestCase("<O8")]
    [TestCase("=O8")]
    public void ObjectDType(string dtype) => AssertRejected<long>(Compact(dtype, [1], new byte[8]));

    [Test]
    public void NonAsciiDType() => AssertRejected<float>([3, 0xC3, 0xA9, (byte)'4', 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

    [Test]
    public void DataNotAMultipleOfItemSize() => AssertRejected<float>(Compact("<f4", [3], new byte[13]));

    [Test]
    public void DataNotAMultipleOfItemSizeForAnEmptyShape() => AssertRejected<float>(Compact("<f4", [0], new byte[2]));

    [Test]
    public void ScalarWithMissingData() => AssertRejected<long>(Compact("<i8", [], new byte[7]));

    [TestCase(new byte[] { 0xFF, (byte)'<', (byte)'f', (byte)'4', 0 }, TestName = "DTypeLengthPointsPastTheEnd")]
    [TestCase(new byte[] { 4, (byte)'<', (byte)'f', (byte)'4', 0 }, TestName = "DTypeLengthLeavesNoRankByte")]
    [TestCase(new byte[] { 3, (byte)'<', (byte)'f' }, TestName = "DTypeTruncated")]
    [TestCase(new byte[] { 0, 0 }, TestName = "ZeroDTypeLength")]
    [TestCase(new byte[] { 0 }, TestName = "OneBytePayload")]
    [TestCase(new byte[0], TestName = "EmptyPayload")]
    public void MalformedDTypeLength(byte[] payload) => AssertRejected<float>(payload);

    [Test]
    public void TruncatedShape()
    {
        var payload = Compact("<f4", [2, 3], new byte[24]);
        AssertRejected<float>(payload[..(1 + 3 + 1 + 12)]);
    }

    [Test]
    public void RankDeclaredButNoShapeBytes() => AssertRejected<float>([3, (byte)'<', (byte)'f', (byte)'4', 32]);

    [Test]
    public void WrongDTypeForTheTypedRead()
    {
        var payload = Compact("<f8", [2], new byte[16]);
        AssertTypedRejected<float>(payload);
        Assert.That(NdArray.Parse(payload).CanConvertTo<float>(), Is.False);
    }

    [TestCase("<c8", TestName = "Complex64IsNotReadAsComplex")]
    [TestCase("<f16", TestName = "LongDoubleIsNotReadAsComplex")]
    [TestCase("|S16", TestName = "BytesAreNotReadAsComplex")]
    public void NonMappableDTypeIsNotATypedArray(string dtype)
    {
        var payload = Compact(dtype, [1], new byte[NdArray.Parse(Compact(dtype, [0], [])).DType.ItemSize]);
        AssertTypedRejected<System.Numerics.Complex>(payload);
        var untyped = NdArray.Parse(payload);
        Assert.That(untyped.CanConvertTo<System.Numerics.Complex>(), Is.False);
        Assert.Throws<InvalidCastException>(() => untyped.As<System.Numerics.Complex>());
    }

    // ---- .npy payloads ----------------------------------------------------------------------

    [Test]
    public void NpyShapeLargerThanBuffer() => AssertRejected<float>(Npy("<f4", false, [100_000, 100_000], new byte[16]));

    [Test]
    public void NpyBufferLargerThanShape() => AssertRejected<float>(Npy("<f4", false, [2], new byte[12]));

    [Test]
    public void NpyNegativeDimension() => AssertRejected<float>(Npy("<f4", false, [-3, 1], new byte[12]));

    [Test]
    public void NpyMinusOneIsNeverInferred() => AssertRejected<float>(Npy("<f4", false, [-1], new byte[12]));

    [Test]
    public void NpyProductOverflow() => AssertRejected<double>(Npy("<f8", false, [TwoPow40, TwoPow40], new byte[8]));

    [Test]
    public void NpyProductThatWrapsToZero() => AssertRejected<double>(Npy("<f8", false, [TwoPow32, TwoPow32], []));

    [Test]
    public void NpyMoreThan32Dimensions() => AssertRejected<float>(Npy("<f4", false, Enumerable.Repeat(1L, 33).ToArray(), new byte[4]));

    [Test]
    public void NpyDimensionOverflowsInt64()
        => AssertRejected<float>(Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", new byte[4]));

    [TestCase("|O")]
    [TestCase("<x4")]
    [TestCase("<M8[ns]")]
    public void NpyUnsupportedDType(string descr) => AssertRejected<float>(Npy(descr, false, [1], new byte[8]));

    [Test]
    public void NpyStructuredDType()
        => AssertRejected<float>(Npy("{'descr': [('x', '<f4'), ('y', '<i4')], 'fortran_order': False, 'shape': (2,), }", new byte[16]));

    [Test]
    public void NpyHeaderLengthLargerThanTheInput()
    {
        var payload = Npy("<f4", false, [1], new byte[4]);
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(8), 0xFFFF);
        AssertRejected<float>(payload);
    }

    [TestCase(0xFFFFFFFFu, TestName = "NpyHugeHeaderLength_4GiB")]
    [TestCase(0x7FFFFFFFu, TestName = "NpyHugeHeaderLength_2GiB")]
    [TestCase(1_000u, TestName = "NpyHeaderLengthPastTheInput")]
    public void NpyHugeHeaderLength(uint length)
    {
        var payload = Npy(NpyDict("<f4", false, [1]), new byte[4], major: 2);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(8), length);
        AssertRejected<float>(payload);
    }

    [Test]
    public void NpyHeaderOverTheCapIsRefusedEvenWhenPresent()
    {
        var dict = NpyDict("<f4", false, [1]);
        var payload = Npy(dict + new string(' ', 20_000), new byte[4], major: 2, pad: false);
        AssertRejected<float>(payload);
    }

    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (3,)", TestName = "NpyBadDict_Unclosed")]
    [TestCase("'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", TestName = "NpyBadDict_NoOpeningBrace")]
    [TestCase("{'descr' '<f4', 'fortran_order': False, 'shape': (3,), }", TestName = "NpyBadDict_MissingColon")]
    [TestCase("{descr: '<f4', 'fortran_order': False, 'shape': (3,), }", TestName = "NpyBadDict_UnquotedKey")]
    [TestCase("{'descr': <f4, 'fortran_order': False, 'shape': (3,), }", TestName = "NpyBadDict_UnquotedDescr")]
    [TestCase("{'descr': '<f4, 'fortran_order': False, 'shape': (3,), }", TestName = "NpyBadDict_QuoteMismatch")]
    [TestCase("{'descr': '<f4', 'fortran_order': false, 'shape': (3,), }", TestName = "NpyBadDict_LowercaseFalse")]
    [TestCase("{'descr': '<f4', 'fortran_order': 0, 'shape': (3,), }", TestName = "NpyBadDict_IntegerBool")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': [3], }", TestName = "NpyBadDict_ShapeAsList")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (3), }", TestName = "NpyBadDict_ShapeNotATuple")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (3,,), }", TestName = "NpyBadDict_DoubleComma")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (3.0,), }", TestName = "NpyBadDict_FloatDimension")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (-,), }", TestName = "NpyBadDict_BareMinus")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), } x", TestName = "NpyBadDict_TrailingText")]
    [TestCase("{'descr': '<f\\x34', 'fortran_order': False, 'shape': (3,), }", TestName = "NpyBadDict_EscapeSequence")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'extra': 1, }", TestName = "NpyBadDict_UnexpectedKey")]
    [TestCase("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", TestName = "NpyBadDict_DuplicateKey")]
    [TestCase("", TestName = "NpyBadDict_Empty")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }\u0000", TestName = "NpyBadDict_NulByte")]
    public void NpyBadDictSyntax(string dict) => AssertRejected<float>(Npy(dict, new byte[12]));

    [TestCase("{'fortran_order': False, 'shape': (3,), }", TestName = "NpyMissingKey_Descr")]
    [TestCase("{'descr': '<f4', 'shape': (3,), }", TestName = "NpyMissingKey_FortranOrder")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, }", TestName = "NpyMissingKey_Shape")]
    [TestCase("{}", TestName = "NpyMissingKey_All")]
    public void NpyMissingKeys(string dict) => AssertRejected<float>(Npy(dict, new byte[12]));

    [TestCase(4, 0)]
    [TestCase(0, 0)]
    [TestCase(1, 1)]
    [TestCase(2, 5)]
    [TestCase(255, 255)]
    public void NpyUnknownVersion(int major, int minor)
        => AssertRejected<float>(Npy(NpyDict("<f4", false, [1]), new byte[4], major == 1 ? 1 : 2, 0).Select((b, i) => i == 6 ? (byte)major : i == 7 ? (byte)minor : b).ToArray());

    [TestCase(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' }, TestName = "NpyMagicOnly")]
    [TestCase(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 0x10 }, TestName = "NpyTruncatedLengthV1")]
    [TestCase(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0, 0x10, 0, 0 }, TestName = "NpyTruncatedLengthV2")]
    public void NpyTruncatedPreamble(byte[] payload) => AssertRejected<float>(payload);

    [Test]
    public void NpyInvalidUtf8InVersion3()
    {
        var payload = Npy(NpyDict("<f4", false, [1]), new byte[4], major: 3);
        payload[12 + 2] = 0xFF; // inside the quoted key 'descr'
        AssertRejected<float>(payload);
    }

    [Test]
    public void NpyWrongDTypeForTheTypedRead() => AssertTypedRejected<int>(Npy("<f4", false, [1], new byte[4]));

    // ---- the msgpack envelope -----------------------------------------------------------------

    [Test]
    public void BinLengthRunsPastTheInputIsTruncated()
    {
        var sample = Bin(Compact("<f4", [3], new byte[12]));
        var cut = sample[..^4];
        foreach (var read in MsgpackPaths<float>(cut))
        {
            var error = Assert.Throws<SampleFormatException>(() => read());
            Assert.That(error!.Error, Is.EqualTo(SampleFormatError.Truncated));
        }
    }

    [Test]
    public void Bin32DeclaringFourGigabytesIsTruncated()
    {
        byte[] sample = [0xc6, 0xff, 0xff, 0xff, 0xff, 3, (byte)'<', (byte)'f', (byte)'4', 0];
        foreach (var read in MsgpackPaths<float>(sample))
        {
            long allocated = AllocatedBy(() => Assert.Throws<SampleFormatException>(() => read()));
            Assert.That(allocated, Is.LessThan(AllocationBudget));
        }
    }

    [Test]
    public void NonBinValueIsWrongType()
    {
        byte[] sample = [0xa3, (byte)'a', (byte)'b', (byte)'c'];
        foreach (var read in MsgpackPaths<float>(sample))
        {
            var error = Assert.Throws<SampleFormatException>(() => read());
            Assert.That(error!.Error, Is.EqualTo(SampleFormatError.WrongType));
        }
    }

    [Test]
    public void ErrorsNameTheFieldAndTheOffsetInsideTheSample()
    {
        // {"img": bin(payload with a negative dimension)}
        var bin = Bin(Compact("<f4", [-1], new byte[4]));
        var sample = new byte[] { 0x81, 0xa3, (byte)'i', (byte)'m', (byte)'g' }.Concat(bin).ToArray();
        var reader = new MsgpackReader(sample);
        _ = reader.ReadMapHeader();
        reader.CurrentField = reader.ReadString();
        SampleFormatException? error = null;
        try
        {
            _ = NdArrayMsgpack.ReadNdArray<float>(ref reader);
        }
        catch (SampleFormatException ex)
        {
            error = ex;
        }

        Assert.That(error, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(error!.Error, Is.EqualTo(SampleFormatError.InvalidArray));
            Assert.That(error.FieldName, Is.EqualTo("img"));
            Assert.That(error.Offset, Is.GreaterThanOrEqualTo(5 + 2), "the offset is inside the sample, past the bin header");
            Assert.That(error.Message, Does.Contain("img"));
        });
    }

    // ---- mutation fuzzing -----------------------------------------------------------------------

    [Test]
    public void RandomMutationsEitherDecodeOrRaiseSampleFormatException()
    {
        var random = new Random(20240601);
        var seeds = new List<byte[]>
        {
            Compact("<f4", [2, 3], Enumerable.Range(0, 24).Select(i => (byte)i).ToArray()),
            Compact(">f8", [2], new byte[16]),
            Compact("|b1", [3], [1, 0, 1]),
            Compact("<i8", [], new byte[8]),
            Npy("<f4", false, [2, 2], new byte[16]),
            Npy(">i2", true, [3, 2], new byte[12], major: 2),
            Npy("<f4", false, [4], new byte[16], major: 3),
        };
        int decoded = 0;
        for (int iteration = 0; iteration < 20_000; iteration++)
        {
            var payload = Mutate(seeds[random.Next(seeds.Count)], random);
            decoded += TryAllPaths(payload) ? 1 : 0;
        }

        Assert.That(decoded, Is.GreaterThan(0), "some mutations (of data bytes) still decode");
    }

    private static bool TryAllPaths(byte[] payload)
    {
        bool ok = true;
        try
        {
            _ = NdArray.Parse(payload);
        }
        catch (SampleFormatException)
        {
            ok = false;
        }

        foreach (var read in new Action[]
        {
            () => NdArray<float>.Parse(payload, NdArrayAllocation.Pooled).Dispose(),
            () => NdArray<double>.Parse(payload),
            () => NdArray<bool>.Parse(payload),
            () => NdArray<short>.Parse(payload),
        })
        {
            try
            {
                read();
            }
            catch (SampleFormatException)
            {
            }
        }

        try
        {
            _ = NdArrayView<float>.Parse(payload);
        }
        catch (Exception ex) when (ex is SampleFormatException or NotSupportedException)
        {
        }

        _ = NdArrayView<float>.TryParse(payload, out _);
        return ok;
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        int edits = 1 + random.Next(3);
        for (int e = 0; e < edits; e++)
        {
            switch (random.Next(5))
            {
                case 0 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    break;
                case 1 when bytes.Count > 0:
                    bytes.RemoveRange(random.Next(bytes.Count), 1);
                    break;
                case 2:
                    bytes.Insert(random.Next(bytes.Count + 1), (byte)random.Next(256));
                    break;
                case 3 when bytes.Count > 0:
                    int keep = random.Next(bytes.Count);
                    bytes.RemoveRange(keep, bytes.Count - keep);
                    break;
                default:
                    int at = random.Next(Math.Max(1, bytes.Count - 8));
                    var word = new byte[8];
                    BinaryPrimitives.WriteInt64LittleEndian(word, random.Next(4) switch { 0 => -1, 1 => long.MaxValue, 2 => 1L << random.Next(63), _ => random.Next(64) });
                    for (int i = 0; i < 8 && at + i < bytes.Count; i++)
                    {
                        bytes[at + i] = word[i];
                    }

                    break;
            }
        }

        return [.. bytes];
    }

    // ---- helpers -------------------------------------------------------------------------------

    /// <summary>Every read path refuses the payload with <paramref name="error"/>, allocating under the budget.</summary>
    private static SampleFormatException AssertRejected<T>(byte[] payload, SampleFormatError error = SampleFormatError.InvalidArray)
        where T : unmanaged
    {
        var paths = new List<(string Name, Action Read)>
        {
            ("NdArray.Parse", () => NdArray.Parse(payload)),
            ("NdArray<T>.Parse owned", () => NdArray<T>.Parse(payload)),
            ("NdArray<T>.Parse pooled", () => NdArray<T>.Parse(payload, NdArrayAllocation.Pooled)),
        };
        var binned = Bin(payload);
        foreach (var (index, read) in MsgpackPaths<T>(binned).Select((r, i) => (i, r)))
        {
            if (index != 3 || !IsNpy(payload))
            {
                paths.Add(($"msgpack path {index}", read));
            }
        }

        if (!IsNpy(payload))
        {
            paths.Add(("NdArrayView<T>.Parse", () => NdArrayView<T>.Parse(payload)));
        }

        SampleFormatException? first = null;
        foreach (var (name, read) in paths)
        {
            SampleFormatException? caught = null;
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                read();
            }
            catch (SampleFormatException ex)
            {
                caught = ex;
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.That(caught, Is.Not.Null, $"{name} accepted the payload");
            Assert.Multiple(() =>
            {
                Assert.That(caught!.Error, Is.EqualTo(error), $"{name}: {caught.Message}");
                Assert.That(allocated, Is.LessThan(AllocationBudget), $"{name} allocated {allocated} bytes");
            });
            first ??= caught;
        }

        Assert.That(NdArrayView<T>.TryParse(payload, out _), Is.False);
        return first!;
    }

    private static void AssertTypedRejected<T>(byte[] payload)
        where T : unmanaged
    {
        var error = Assert.Throws<SampleFormatException>(() => NdArray<T>.Parse(payload));
        Assert.That(error!.Error, Is.EqualTo(SampleFormatError.InvalidArray));
        var reader = Bin(payload);
        error = Assert.Throws<SampleFormatException>(() =>
        {
            var r = new MsgpackReader(reader);
            _ = NdArrayMsgpack.ReadNdArray<T>(ref r);
        });
        Assert.That(error!.Error, Is.EqualTo(SampleFormatError.InvalidArray));
        if (!IsNpy(payload))
        {
            error = Assert.Throws<SampleFormatException>(() => NdArrayView<T>.Parse(payload));
            Assert.That(error!.Error, Is.EqualTo(SampleFormatError.InvalidArray));
        }
    }

    private static Action[] MsgpackPaths<T>(byte[] sample)
        where T : unmanaged =>
    [
        () =>
        {
            var reader = new MsgpackReader(sample);
            _ = NdArrayMsgpack.ReadNdArray<T>(ref reader);
        },
        () =>
        {
            var reader = new MsgpackReader(sample);
            _ = NdArrayMsgpack.ReadNdArray(ref reader);
        },
        () =>
        {
            var reader = new MsgpackReader(sample, MsgpackReaderOptions.Pooled);
            _ = NdArrayMsgpack.ReadNdArray<T>(ref reader);
        },
        () =>
        {
            var reader = new MsgpackReader(sample);
            _ = NdArrayMsgpack.ReadNdArrayView<T>(ref reader);
        },
    ];

    private static bool IsNpy(byte[] payload) => payload.Length >= 6 && payload[0] == 0x93 && Encoding.ASCII.GetString(payload, 1, 5) == "NUMPY";
}
