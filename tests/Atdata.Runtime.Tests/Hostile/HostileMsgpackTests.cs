using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Atdata.Msgpack;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Hostile;

/// <summary>
/// Cases M1–M7 of the reliability guide, through the schema-free reader and the raw reader: each raises a
/// typed <see cref="SampleFormatException"/>, allocates nothing a header merely declares, and leaves the process alive.
/// </summary>
[Category("Hostile")]
public class HostileMsgpackTests
{
    private const long SmallAllocation = 64 * 1024;

    private static SampleFormatException Rejects(byte[] input, SampleFormatError error, bool boundedAllocation = true)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<SampleFormatException>(() => DynamicSample.Unpack(input))!;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(ex.Error, Is.EqualTo(error), ex.Message);
        if (boundedAllocation)
        {
            Assert.That(allocated, Is.LessThan(SmallAllocation + (input.Length * 4L)), "allocation must be bounded by the input, not by what it declares");
        }

        return ex;
    }

    [Test]
    public void M1_invalid_format_byte_c1()
    {
        var ex = Rejects([0x81, 0xa1, 0x61, 0xc1], SampleFormatError.InvalidMsgpack);
        Assert.That(ex.Offset, Is.EqualTo(3));
        Assert.That(ex.FieldName, Is.EqualTo("a"));
    }

    [Test]
    public void M1_truncated_map() => Rejects([0x82, 0xa1, 0x61, 0x01, 0xa1], SampleFormatError.Truncated);

    [Test]
    public void M1_empty_input() => Rejects([], SampleFormatError.Truncated);

    [Test]
    public void M1_top_level_is_not_a_map() => Rejects([0xa3, 0x61, 0x62, 0x63], SampleFormatError.WrongType);

    [Test]
    public void M2_wrong_value_type_names_the_field()
    {
        var reader = new MsgpackReader([0xa1, 0x78]) { CurrentField = "count" };
        try
        {
            reader.ReadInt64();
            Assert.Fail("expected a SampleFormatException");
        }
        catch (SampleFormatException ex)
        {
            Assert.That(ex.Error, Is.EqualTo(SampleFormatError.WrongType));
            Assert.That(ex.FieldName, Is.EqualTo("count"));
        }
    }

    [Test]
    public void M3_duplicate_key_is_rejected() => Rejects([0x82, 0xa1, 0x61, 0x01, 0xa1, 0x61, 0x02], SampleFormatError.DuplicateField);

    [TestCase(10_000, TestName = "M4_nesting_10000_in_a_known_field")]
    [TestCase(200_000, TestName = "M4_nesting_200000_in_a_known_field")]
    public void M4_deep_nesting_in_a_known_field(int depth)
    {
        // {"a": [[[[...]]]]}
        byte[] input = [0x81, 0xa1, 0x61, .. Enumerable.Repeat((byte)0x91, depth), 0xc0];
        var ex = Rejects(input, SampleFormatError.DepthExceeded);
        Assert.That(ex.FieldName, Is.EqualTo("a"));
    }

    [TestCase(10_000, TestName = "M4_nesting_10000_in_a_skipped_value")]
    [TestCase(200_000, TestName = "M4_nesting_200000_in_a_skipped_value")]
    public void M4_deep_nesting_in_a_skipped_value(int depth)
    {
        byte[] input = [.. Enumerable.Repeat((byte)0x91, depth), 0xc0];
        var ex = Assert.Throws<SampleFormatException>(() => new MsgpackReader(input).Skip());
        Assert.That(ex!.Error, Is.EqualTo(SampleFormatError.DepthExceeded));
    }

    [Test]
    public void M4_nesting_at_the_limit_is_accepted()
    {
        // The top-level map counts as one level; 499 nested arrays fit under the default 500.
        byte[] input = [0x81, 0xa1, 0x61, .. Enumerable.Repeat((byte)0x91, 499), 0xc0];
        Assert.DoesNotThrow(() => DynamicSample.Unpack(input));
        Assert.DoesNotThrow(() => new MsgpackReader(input).Skip());
    }

    [TestCase(0xdb, TestName = "M5_str32_declaring_2GiB")]
    [TestCase(0xc6, TestName = "M5_bin32_declaring_2GiB")]
    [TestCase(0xdd, TestName = "M5_array32_declaring_2pow31")]
    [TestCase(0xdf, TestName = "M5_map32_declaring_2pow31")]
    public void M5_declared_lengths_past_the_input(int code)
    {
        byte[] value = new byte[5];
        value[0] = (byte)code;
        BinaryPrimitives.WriteUInt32BigEndian(value.AsSpan(1), 0x8000_0000);
        byte[] input = [0x81, 0xa1, 0x61, .. value];
        var ex = Rejects(input, SampleFormatError.Truncated);
        Assert.That(ex.Offset, Is.EqualTo(3));
    }

    [Test]
    public void M5_map32_of_2pow30_entries_at_top_level()
        => Rejects([0xdf, 0x40, 0x00, 0x00, 0x00], SampleFormatError.Truncated);

    [Test]
    public void M6_trailing_bytes_after_the_sample()
    {
        var ex = Rejects([0x81, 0xa1, 0x61, 0x01, 0x00], SampleFormatError.TrailingBytes);
        Assert.That(ex.Offset, Is.EqualTo(4));
    }

    [TestCase(20_000, TestName = "M7_20000_keys")]
    [TestCase(200_000, TestName = "M7_200000_keys")]
    public void M7_many_keys_stay_linear(int count)
    {
        byte[] input = ManyKeys(count);
        var sample = DynamicSample.Unpack(input);
        Assert.That(sample.Count, Is.EqualTo(count));
        Assert.That(sample[$"k{count - 1}"], Is.EqualTo(1L));
    }

    [Test]
    public void M7_one_million_keys_in_a_skipped_value()
    {
        byte[] input = ManyKeys(1_000_000);
        var reader = new MsgpackReader(input);
        reader.Skip();
        Assert.That(reader.End, Is.True);
    }

    [Test]
    public void M7_repeated_key_among_many_is_found()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MsgpackWriter(buffer);
        writer.WriteMapHeader(50_001);
        for (int i = 0; i < 50_000; i++)
        {
            writer.WriteString($"k{i}");
            writer.WriteInt64(1);
        }

        writer.WriteString("k123");
        writer.WriteInt64(2);
        writer.Flush();
        Rejects(buffer.WrittenSpan.ToArray(), SampleFormatError.DuplicateField, boundedAllocation: false);
    }

    private static byte[] ManyKeys(int count)
    {
        var buffer = new ArrayBufferWriter<byte>(count * 10);
        var writer = new MsgpackWriter(buffer);
        writer.WriteMapHeader(count);
        Span<char> name = stackalloc char[16];
        for (int i = 0; i < count; i++)
        {
            name[0] = 'k';
            i.TryFormat(name[1..], out int written, provider: System.Globalization.CultureInfo.InvariantCulture);
            writer.WriteString(name[..(written + 1)]);
            writer.WriteInt64(1);
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    [Test]
    public void Every_error_message_is_readable()
    {
        var ex = Assert.Throws<SampleFormatException>(() => DynamicSample.Unpack(Encoding.ASCII.GetBytes("not msgpack")))!;
        Assert.That(ex.Message, Does.Contain("offset"));
        Assert.That(ex, Is.InstanceOf<AtdataException>());
    }
}
