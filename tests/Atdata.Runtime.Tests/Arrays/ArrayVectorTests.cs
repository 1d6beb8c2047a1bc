using System.Buffers;
using System.Text.Json;
using Atdata.Msgpack;
using static Atdata.Runtime.Tests.Arrays.ArrayTestSupport;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Arrays;

/// <summary>The shared array vectors (numpy-produced compact and .npy payloads) decode and re-encode exactly.</summary>
[TestFixture]
public sealed class ArrayVectorTests
{
    public static IEnumerable<TestCaseData> Vectors()
    {
        using var document = LoadVectors("ndarray_payloads.json");
        foreach (var vector in document.RootElement.GetProperty("vectors").EnumerateArray())
        {
            var shape = vector.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var values = new List<double>();
            Flatten(vector.GetProperty("values"), values);
            yield return new TestCaseData(
                vector.GetProperty("dtype").GetString()!,
                shape,
                values.ToArray(),
                Hex(vector.GetProperty("compact").GetString()!),
                Hex(vector.GetProperty("npy_legacy").GetString()!))
                .SetName("Vector_" + vector.GetProperty("id").GetString());
        }
    }

    [Test]
    public void VectorFileHoldsFiveVectors()
    {
        Assert.That(Vectors().Count(), Is.EqualTo(5));
    }

    [TestCaseSource(nameof(Vectors))]
    public void CompactAndNpyDecodeUntyped(string dtype, long[] shape, double[] values, byte[] compact, byte[] npy)
    {
        foreach (var payload in new[] { compact, npy })
        {
            var array = NdArray.Parse(payload);
            Assert.Multiple(() =>
            {
                Assert.That(array.DType.Text, Is.EqualTo(dtype));
                Assert.That(array.Shape.ToArray(), Is.EqualTo(shape));
                Assert.That(array.Length, Is.EqualTo(values.Length));
                // The untyped array keeps dtype and bytes, so both forms re-write the exact compact payload.
                Assert.That(ToHex(array.ToPayload()), Is.EqualTo(ToHex(compact)));
            });
        }
    }

    [TestCaseSource(nameof(Vectors))]
    public void CompactAndNpyDecodeTyped(string dtype, long[] shape, double[] values, byte[] compact, byte[] npy)
    {
        switch (dtype[1..])
        {
            case "f4": CheckTyped(compact, npy, shape, values.Select(v => (float)v).ToArray()); break;
            case "f8": CheckTyped(compact, npy, shape, values); break;
            case "u1": CheckTyped(compact, npy, shape, values.Select(v => (byte)v).ToArray()); break;
            case "i8": CheckTyped(compact, npy, shape, values.Select(v => (long)v).ToArray()); break;
            case "b1": CheckTyped(compact, npy, shape, values.Select(v => v != 0).ToArray()); break;
            default: Assert.Fail($"No typed check for dtype {dtype}"); break;
        }
    }

    [TestCaseSource(nameof(Vectors))]
    public void TypedWriteProducesTheCompactBytes(string dtype, long[] shape, double[] values, byte[] compact, byte[] npy)
    {
        _ = npy;
        byte[] written = dtype[1..] switch
        {
            "f4" => WriteTyped(values.Select(v => (float)v).ToArray(), shape),
            "f8" => WriteTyped(values, shape),
            "u1" => WriteTyped(values.Select(v => (byte)v).ToArray(), shape),
            "i8" => WriteTyped(values.Select(v => (long)v).ToArray(), shape),
            "b1" => WriteTyped(values.Select(v => v != 0).ToArray(), shape),
            _ => throw new AssertionException($"No typed writer for dtype {dtype}"),
        };

        if (dtype[0] == '>')
        {
            // A typed array is always written little-endian: same values, '<f8'.
            var expected = Compact("<" + dtype[1..], shape, Swap(compact[(compact.Length - (values.Length * 8))..], 8));
            Assert.That(ToHex(written), Is.EqualTo(ToHex(Bin(expected))));
        }
        else
        {
            Assert.That(ToHex(written), Is.EqualTo(ToHex(Bin(compact))));
        }
    }

    [TestCaseSource(nameof(Vectors))]
    public void UntypedWriteProducesTheCompactBytes(string dtype, long[] shape, double[] values, byte[] compact, byte[] npy)
    {
        _ = (dtype, shape, values);
        foreach (var payload in new[] { compact, npy })
        {
            var buffer = new ArrayBufferWriter<byte>();
            var writer = new MsgpackWriter(buffer);
            NdArrayMsgpack.WriteNdArray(ref writer, NdArray.Parse(payload));
            writer.Flush();
            Assert.That(ToHex(buffer.WrittenSpan), Is.EqualTo(ToHex(Bin(compact))));
        }
    }

    [TestCaseSource(nameof(Vectors))]
    public void OurNpyBuilderMatchesNumpy(string dtype, long[] shape, double[] values, byte[] compact, byte[] npy)
    {
        // Guards the hand-built .npy payloads used elsewhere: same bytes as numpy 1.24 for these arrays.
        _ = (values, compact);
        var data = npy[128..]; // numpy pads these headers so the data starts at byte 128.
        Assert.That(ToHex(Npy(dtype, fortranOrder: false, shape, data)), Is.EqualTo(ToHex(npy)));
    }

    public static IEnumerable<TestCaseData> SampleVectors()
    {
        using var document = LoadVectors("msgpack_samples.json");
        foreach (var vector in document.RootElement.GetProperty("vectors").EnumerateArray())
        {
            string id = vector.GetProperty("id").GetString()!;
            if (id.StartsWith("ndarray-", StringComparison.Ordinal))
            {
                yield return new TestCaseData(Hex(vector.GetProperty("msgpack_hex").GetString()!)).SetName("Sample_" + id);
            }
        }
    }

    [TestCaseSource(nameof(SampleVectors))]
    public void SampleMapsWithArrayFieldsRoundTripThroughTheUntypedReader(byte[] sample)
    {
        // Read every field (arrays as untyped NdArray, strings as strings) and write the map again.
        var reader = new MsgpackReader(sample);
        int count = reader.ReadMapHeader();
        var fields = new List<(string Key, object Value)>();
        for (int i = 0; i < count; i++)
        {
            string key = reader.ReadString();
            reader.CurrentField = key;
            fields.Add(reader.PeekType() == MsgpackType.Binary ? (key, NdArrayMsgpack.ReadNdArray(ref reader)) : (key, reader.ReadString()));
        }

        reader.EnsureEnd();

        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MsgpackWriter(buffer);
        writer.WriteMapHeader(fields.Count);
        foreach (var (key, value) in fields)
        {
            writer.WriteString(key);
            if (value is NdArray array)
            {
                NdArrayMsgpack.WriteNdArray(ref writer, array);
            }
            else
            {
                writer.WriteString((string)value);
            }
        }

        writer.Flush();
        Assert.That(ToHex(buffer.WrittenSpan), Is.EqualTo(ToHex(sample)));
    }

    [Test]
    public void InteropWorkedExampleIsWrittenByteForByte()
    {
        var image = new NdArray<float>([1.5f, -2.0f, 3.25f]);
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MsgpackWriter(buffer);
        writer.WriteMapHeader(2);
        writer.WriteString("image");
        NdArrayMsgpack.WriteNdArray(ref writer, image);
        writer.WriteString("label");
        writer.WriteString("cat");
        writer.Flush();

        Assert.That(ToHex(buffer.WrittenSpan), Is.EqualTo("82a5696d616765c419033c66340103000000000000000000c03f000000c000005040a56c6162656ca3636174"));

        var reader = new MsgpackReader(buffer.WrittenSpan);
        Assert.That(reader.ReadMapHeader(), Is.EqualTo(2));
        Assert.That(reader.ReadString(), Is.EqualTo("image"));
        var read = NdArrayMsgpack.ReadNdArray<float>(ref reader);
        Assert.That(read, Is.EqualTo(image));
    }

    private static void CheckTyped<T>(byte[] compact, byte[] npy, long[] shape, T[] expected)
        where T : unmanaged
    {
        foreach (var payload in new[] { compact, npy })
        {
            foreach (var allocation in new[] { NdArrayAllocation.Owned, NdArrayAllocation.Pooled })
            {
                using var typed = NdArray<T>.Parse(payload, allocation);
                Assert.Multiple(() =>
                {
                    Assert.That(typed.Shape.ToArray(), Is.EqualTo(shape));
                    Assert.That(typed.Rank, Is.EqualTo(shape.Length));
                    Assert.That(typed.ToArray(), Is.EqualTo(expected));
                    Assert.That(typed.IsPooled, Is.EqualTo(allocation == NdArrayAllocation.Pooled && expected.Length > 0));
                });
            }

            var untyped = NdArray.Parse(payload);
            Assert.That(untyped.CanConvertTo<T>(), Is.True);
            Assert.That(untyped.As<T>().ToArray(), Is.EqualTo(expected));

            var reader = new MsgpackReader(Bin(payload));
            Assert.That(NdArrayMsgpack.ReadNdArray<T>(ref reader).ToArray(), Is.EqualTo(expected));
        }
    }

    private static byte[] WriteTyped<T>(T[] values, long[] shape)
        where T : unmanaged
        => WriteBin(new NdArray<T>(values, shape));

    private static void Flatten(JsonElement element, List<double> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, into);
                }

                break;
            case JsonValueKind.True:
                into.Add(1);
                break;
            case JsonValueKind.False:
                into.Add(0);
                break;
            default:
                into.Add(element.GetDouble());
                break;
        }
    }
}
