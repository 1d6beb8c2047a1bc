using System.Buffers.Binary;
using System.Numerics;

namespace Atdata.Shards;

/// <summary>Field offsets and low-level encoders/decoders of POSIX ustar, GNU and PAX tar headers.</summary>
internal static class TarFormat
{
    public const int BlockSize = 512;

    /// <summary>Python's <c>tarfile.RECORDSIZE</c>: archives are padded with zeros to a multiple of this.</summary>
    public const int RecordSize = 20 * BlockSize;

    public const int NameOffset = 0, NameLength = 100;
    public const int ModeOffset = 100, ModeLength = 8;
    public const int UidOffset = 108, UidLength = 8;
    public const int GidOffset = 116, GidLength = 8;
    public const int SizeOffset = 124, SizeLength = 12;
    public const int MtimeOffset = 136, MtimeLength = 12;
    public const int ChecksumOffset = 148, ChecksumLength = 8;
    public const int TypeFlagOffset = 156;
    public const int MagicOffset = 257;
    public const int VersionOffset = 263;
    public const int PrefixOffset = 345, PrefixLength = 155;

    /// <summary>The largest size an 11-digit octal field holds (8 GiB - 1).</summary>
    public const long MaxOctalSize = 0x1_FFFF_FFFF;

    public static long Padding(long size) => (BlockSize - (size % BlockSize)) % BlockSize;

    public static long PaddedSize(long size) => size + Padding(size);

    /// <summary>Writes <paramref name="value"/> as zero-padded octal digits followed by a NUL, filling <paramref name="field"/>.</summary>
    public static void WriteOctal(Span<byte> field, long value)
    {
        int digits = field.Length - 1;
        field[digits] = 0;
        for (int i = digits - 1; i >= 0; i--)
        {
            field[i] = (byte)('0' + (value & 7));
            value >>= 3;
        }
    }

    /// <summary>The unsigned header checksum: the byte sum with the checksum field counted as eight spaces.</summary>
    public static int UnsignedChecksum(ReadOnlySpan<byte> header)
    {
        header = header[..BlockSize];
        int sum = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // Each 16-bit lane adds two bytes per vector: 512 bytes can never overflow it.
            var lanes = Vector<ushort>.Zero;
            for (; i <= BlockSize - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                Vector.Widen(new Vector<byte>(header[i..]), out var low, out var high);
                lanes += low + high;
            }

            sum = (int)Vector.Sum(Vector.WidenLower(lanes) + Vector.WidenUpper(lanes));
        }

        for (; i < BlockSize; i++)
        {
            sum += header[i];
        }

        foreach (byte b in header.Slice(ChecksumOffset, ChecksumLength))
        {
            sum -= b;
        }

        return sum + (8 * ' ');
    }

    /// <summary>The historical signed variant (bytes read as <see cref="sbyte"/>), which Python and GNU tar also accept.</summary>
    public static int SignedChecksum(ReadOnlySpan<byte> header)
    {
        int sum = 8 * ' ';
        for (int i = 0; i < ChecksumOffset; i++)
        {
            sum += (sbyte)header[i];
        }

        for (int i = ChecksumOffset + ChecksumLength; i < BlockSize; i++)
        {
            sum += (sbyte)header[i];
        }

        return sum;
    }

    /// <summary>Fills the checksum field as Python does: six octal digits, a NUL and a space.</summary>
    public static void WriteChecksum(Span<byte> header)
    {
        int sum = UnsignedChecksum(header);
        var field = header.Slice(ChecksumOffset, ChecksumLength);
        WriteOctal(field[..7], sum);
        field[7] = (byte)' ';
    }

    /// <summary>
    /// Parses a numeric header field as Python's <c>tarfile.nti</c> does: octal text up to the first NUL with
    /// surrounding whitespace ignored (empty means 0), or GNU base-256 when the first byte is 0x80 or 0xff.
    /// </summary>
    /// <returns>False when the field is not a number or does not fit a 63-bit value; negative base-256 values are returned as such.</returns>
    public static bool TryParseNumber(ReadOnlySpan<byte> field, out long value)
    {
        value = 0;
        if (field.Length > 0 && field[0] is 0x80 or 0xff)
        {
            bool negative = field[0] == 0xff;
            var rest = field[1..];
            // Two's complement over the remaining bytes; only values that fit in 63 bits are accepted.
            int significant = 0;
            while (significant < rest.Length && rest[significant] == (negative ? 0xff : 0x00))
            {
                significant++;
            }

            var digits = rest[significant..];
            if (digits.Length > 8 || (digits.Length == 8 && (digits[0] & 0x80) != 0 && !negative))
            {
                return false;
            }

            Span<byte> buffer = stackalloc byte[8];
            buffer.Fill(negative ? (byte)0xff : (byte)0);
            digits.CopyTo(buffer[(8 - digits.Length)..]);
            value = BinaryPrimitives.ReadInt64BigEndian(buffer);
            return negative ? value < 0 : value >= 0;
        }

        int nul = field.IndexOf((byte)0);
        var text = nul >= 0 ? field[..nul] : field;
        text = TrimAsciiWhitespace(text);
        foreach (byte b in text)
        {
            if (b is < (byte)'0' or > (byte)'7')
            {
                return false;
            }

            if (value > (long.MaxValue >> 3))
            {
                return false;
            }

            value = (value << 3) | (long)(b - '0');
        }

        return true;
    }

    private static ReadOnlySpan<byte> TrimAsciiWhitespace(ReadOnlySpan<byte> text)
    {
        int start = 0;
        int end = text.Length;
        while (start < end && IsSpace(text[start]))
        {
            start++;
        }

        while (end > start && IsSpace(text[end - 1]))
        {
            end--;
        }

        return text[start..end];

        static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0b or 0x0c;
    }

    /// <summary>The bytes of a field up to its first NUL (Python's <c>nts</c>).</summary>
    public static ReadOnlySpan<byte> NulTerminated(ReadOnlySpan<byte> field)
    {
        int nul = field.IndexOf((byte)0);
        return nul >= 0 ? field[..nul] : field;
    }

    /// <summary>Whether the block is all zeros (an end-of-archive marker).</summary>
    public static bool IsZeroBlock(ReadOnlySpan<byte> block) => !block.ContainsAnyExcept((byte)0);
}
