using Atdata.Msgpack;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Msgpack;

public class MsgpackReaderTests
{
    [TestCase("05", 5L)]
    [TestCase("cc05", 5L)]
    [TestCase("cd0005", 5L)]
    [TestCase("ce00000005", 5L)]
    [TestCase("cf0000000000000005", 5L)]
    [TestCase("d005", 5L)]
    [TestCase("d10005", 5L)]
    [TestCase("d200000005", 5L)]
    [TestCase("d30000000000000005", 5L)]
    [TestCase("fb", -5L)]
    [TestCase("d0fb", -5L)]
    [TestCase("d1fffb", -5L)]
    [TestCase("d2fffffffb", -5L)]
    [TestCase("d3fffffffffffffffb", -5L)]
    public void Every_integer_width_that_fits_is_accepted(string hex, long expected)
    {
        var reader = new MsgpackReader(Convert.FromHexString(hex));
        Assert.That(reader.ReadInt64(), Is.EqualTo(expected));
        Assert.That(reader.End, Is.True);
        var asInt = new MsgpackReader(Convert.FromHexString(hex));
        Assert.That(asInt.ReadInt32(), Is.EqualTo((int)expected));
    }

    [TestCase("ca3fc00000", 1.5)]
    [TestCase("cb3ff8000000000000", 1.5)]
    [TestCase("01", 1.0)]
    [TestCase("cd0100", 256.0)]
    public void Floats_accept_float32_float64_and_integers(string hex, double expected)
    {
        var reader = new MsgpackReader(Convert.FromHexString(hex));
        Assert.That(reader.ReadDouble(), Is.EqualTo(expected));
    }

    [TestCase("cd0100", "byte")]
    [TestCase("ff", "byte")]
    [TestCase("d080", "uint")]
    [TestCase("ce80000000", "int")]
    [TestCase("cf8000000000000000", "long")]
    public void Integers_that_do_not_fit_are_out_of_range(string hex, string type)
    {
        var ex = Assert.Throws<SampleFormatException>(() =>
        {
            var reader = new MsgpackReader(Convert.FromHexString(hex)) { CurrentField = "n" };
            _ = type switch
            {
                "byte" => reader.ReadByte(),
                "uint" => reader.ReadUInt32(),
                "int" => reader.ReadInt32(),
                _ => reader.ReadInt64(),
            };
        });
        Assert.That(ex!.Error, Is.EqualTo(SampleFormatError.OutOfRange));
        Assert.That(ex.FieldName, Is.EqualTo("n"));
        Assert.That(ex.Offset, Is.EqualTo(0));
    }

    [Test]
    public void Wrong_type_names_the_field_and_offset()
    {
        var ex = Assert.Throws<SampleFormatException>(() =>
        {
            var reader = new MsgpackReader([0xa1, 0x78]) { CurrentField = "count" };
            reader.ReadInt64();
        });
        Assert.That(ex!.Error, Is.EqualTo(SampleFormatError.WrongType));
        Assert.That(ex.Message, Does.Contain("count").And.Contain("offset 0"));
    }

    [Test]
    public void Invalid_utf8_is_rejected()
    {
        var ex = Assert.Throws<SampleFormatException>(() => new MsgpackReader([0xa2, 0xc3, 0x28]).ReadString());
        Assert.That(ex!.Error, Is.EqualTo(SampleFormatError.InvalidString));
    }

    [Test]
    public void Skip_walks_nested_values_and_reports_the_raw_bytes()
    {
        byte[] data = Convert.FromHexString("82a1619301a162c0a16281a178c2" + "07");
        var reader = new MsgpackReader(data);
        var raw = reader.ReadRaw();
        Assert.That(raw.Length, Is.EqualTo(data.Length - 1));
        Assert.That(reader.ReadInt64(), Is.EqualTo(7));
    }

    [Test]
    public void Extension_values_in_skipped_fields_are_skipped_with_their_length_checked()
    {
        var reader = new MsgpackReader(Convert.FromHexString("d401ff07"));
        reader.Skip();
        Assert.That(reader.ReadInt64(), Is.EqualTo(7));

        var truncated = Assert.Throws<SampleFormatException>(() => new MsgpackReader(Convert.FromHexString("c7ff01")).Skip());
        Assert.That(truncated!.Error, Is.EqualTo(SampleFormatError.Truncated));
    }
}
