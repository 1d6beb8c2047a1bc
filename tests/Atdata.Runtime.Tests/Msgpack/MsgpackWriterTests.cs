using System.Buffers;
using Atdata.Msgpack;
using MessagePack;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Msgpack;

/// <summary>The writer's bytes, checked against MessagePack-CSharp (an independent encoder with the same defaults) and the spec.</summary>
public class MsgpackWriterTests
{
    private delegate void WriteAction(ref MsgpackWriter writer);

    private delegate void OracleAction(ref MessagePackWriter writer);

    private static byte[] Write(WriteAction action)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MsgpackWriter(buffer);
        action(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Oracle(OracleAction action)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        action(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static readonly long[] s_integers =
    [
        0, 1, 127, 128, 255, 256, 65535, 65536, uint.MaxValue, (long)uint.MaxValue + 1, long.MaxValue,
        -1, -32, -33, -128, -129, short.MinValue, short.MinValue - 1, int.MinValue, (long)int.MinValue - 1, long.MinValue,
    ];

    [TestCaseSource(nameof(s_integers))]
    public void Integers_use_the_smallest_form_with_unsigned_forms_for_non_negative_values(long value)
    {
        byte[] ours = Write((ref MsgpackWriter w) => w.WriteInt64(value));
        byte[] oracle = Oracle((ref MessagePackWriter w) =>
        {
            if (value >= 0)
            {
                w.Write((ulong)value);
            }
            else
            {
                w.Write(value);
            }
        });
        Assert.That(ours, Is.EqualTo(oracle));
        if (value >= 128)
        {
            Assert.That(ours[0], Is.AnyOf(0xcc, 0xcd, 0xce, 0xcf), "non-negative integers never use signed forms");
        }
    }

    [Test]
    public void UInt64_max_uses_cf()
        => Assert.That(Write((ref MsgpackWriter w) => w.WriteUInt64(ulong.MaxValue)), Is.EqualTo(new byte[] { 0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }));

    [TestCase(0.0)]
    [TestCase(1.0)]
    [TestCase(-2.5)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void Doubles_are_always_float64(double value)
    {
        byte[] ours = Write((ref MsgpackWriter w) => w.WriteDouble(value));
        Assert.That(ours, Has.Length.EqualTo(9));
        Assert.That(ours[0], Is.EqualTo(0xcb));
        Assert.That(ours, Is.EqualTo(Oracle((ref MessagePackWriter w) => w.Write(value))));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(31)]
    [TestCase(32)]
    [TestCase(255)]
    [TestCase(256)]
    [TestCase(65535)]
    [TestCase(65536)]
    public void Strings_use_fixstr_str8_str16_str32_by_byte_length(int length)
    {
        string ascii = new('x', length);
        Assert.That(Write((ref MsgpackWriter w) => w.WriteString(ascii)), Is.EqualTo(Oracle((ref MessagePackWriter w) => w.Write(ascii))));
    }

    [TestCase("é", 1)]
    [TestCase("ééééééééééééééééééééééééééééééé", 31)]
    [TestCase("日本語のテキスト日本語のテキスト日本語のテキスト日", 25)]
    [TestCase("😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀", 15)]
    public void Multibyte_strings_choose_the_header_from_the_utf8_length(string text, int chars)
    {
        Assume.That(text.EnumerateRunes().Count(), Is.EqualTo(chars));
        Assert.That(Write((ref MsgpackWriter w) => w.WriteString(text)), Is.EqualTo(Oracle((ref MessagePackWriter w) => w.Write(text))));
    }

    [Test]
    public void Unpaired_surrogates_are_refused_rather_than_replaced()
        => Assert.Throws<ArgumentException>(() => Write((ref MsgpackWriter w) => w.WriteString("a\ud800b")));

    [TestCase(0)]
    [TestCase(255)]
    [TestCase(256)]
    [TestCase(70000)]
    public void Binary_uses_bin8_bin16_bin32(int length)
    {
        byte[] data = new byte[length];
        Random.Shared.NextBytes(data);
        Assert.That(Write((ref MsgpackWriter w) => w.WriteBinary(data)), Is.EqualTo(Oracle((ref MessagePackWriter w) => w.Write(data))));
    }

    [TestCase(0)]
    [TestCase(15)]
    [TestCase(16)]
    [TestCase(65535)]
    [TestCase(65536)]
    public void Collection_headers(int count)
    {
        Assert.That(Write((ref MsgpackWriter w) => w.WriteArrayHeader(count)), Is.EqualTo(Oracle((ref MessagePackWriter w) => w.WriteArrayHeader(count))));
        Assert.That(Write((ref MsgpackWriter w) => w.WriteMapHeader(count)), Is.EqualTo(Oracle((ref MessagePackWriter w) => w.WriteMapHeader(count))));
    }

    [Test]
    public void Many_small_values_cross_buffer_boundaries_intact()
    {
        // A segmented writer with tiny segments forces the writer through its grow path repeatedly.
        var expected = Oracle((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(1000);
            for (int i = 0; i < 1000; i++)
            {
                w.Write($"value-{i}");
            }
        });
        byte[] ours = Write((ref MsgpackWriter w) =>
        {
            w.WriteArrayHeader(1000);
            for (int i = 0; i < 1000; i++)
            {
                w.WriteString($"value-{i}");
            }
        });
        Assert.That(ours, Is.EqualTo(expected));
    }
}
