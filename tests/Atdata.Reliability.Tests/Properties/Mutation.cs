using CsCheck;
using Atdata.Runtime.Tests.Shards;

namespace Atdata.Reliability.Tests.Properties;

/// <summary>One edit of a valid input.</summary>
internal readonly record struct Edit(int Kind, int Position, byte Value, int Length)
{
    public override string ToString() => Kind switch
    {
        0 => $"flip@{Position}={Value:x2}",
        1 => $"truncate@{Position}",
        2 => $"insert@{Position}x{Length}={Value:x2}",
        3 => $"delete@{Position}x{Length}",
        _ => $"field@{Position}={Value:x2}x{Length}",
    };
}

/// <summary>Byte-level mutations of valid inputs: flips, truncations, insertions, deletions and tar header field rewrites.</summary>
internal static class Mutation
{
    /// <summary>One to four edits; kind 4 rewrites a numeric tar header field and is only meaningful for shards.</summary>
    public static Gen<Edit[]> Edits(bool tarFields) =>
        Gen.Select(Gen.Int[0, tarFields ? 4 : 3], Gen.Int[0, int.MaxValue], Gen.Byte, Gen.Int[1, 64], (k, p, v, l) => new Edit(k, p, v, l)).Array[1, 4];

    public static byte[] Apply(byte[] input, Edit[] edits, bool fixTarChecksums)
    {
        var bytes = new List<byte>(input);
        foreach (var e in edits)
        {
            int n = bytes.Count;
            switch (e.Kind)
            {
                case 0 when n > 0:
                    bytes[e.Position % n] = e.Value;
                    break;
                case 1:
                    bytes.RemoveRange(e.Position % (n + 1), n - (e.Position % (n + 1)));
                    break;
                case 2:
                    bytes.InsertRange(e.Position % (n + 1), Enumerable.Repeat(e.Value, e.Length));
                    break;
                case 3 when n > 0:
                    int at = e.Position % n;
                    bytes.RemoveRange(at, Math.Min(e.Length, n - at));
                    break;
                case 4 when n >= 512:
                    RewriteHeaderField(bytes, e);
                    break;
                default:
                    break;
            }
        }

        var result = bytes.ToArray();
        if (fixTarChecksums)
        {
            FixChecksums(result);
        }

        return result;
    }

    /// <summary>Writes an octal or base-256 number, or a single byte, into a header field (size, mode, type flag, name length).</summary>
    private static void RewriteHeaderField(List<byte> bytes, Edit e)
    {
        int block = e.Position % (bytes.Count / 512) * 512;
        (int offset, int width) = (e.Length % 5) switch
        {
            0 => (124, 12),  // size
            1 => (156, 1),   // type flag
            2 => (100, 8),   // mode
            3 => (0, 100),   // name
            _ => (345, 155), // prefix
        };
        if (width == 1)
        {
            bytes[block + offset] = e.Value;
            return;
        }

        long value = e.Value switch
        {
            < 64 => e.Value,
            < 128 => 1L << (e.Value % 40),
            < 192 => -(long)e.Value,
            _ => long.MaxValue >> (e.Value % 8),
        };
        var field = new byte[width];
        if (value < 0 || Convert.ToString(value, 8).Length > width - 1)
        {
            field[0] = value < 0 ? (byte)0xff : (byte)0x80;
            for (int i = width - 1, shift = 0; i > 0 && shift < 64; i--, shift += 8)
            {
                field[i] = (byte)(value >> shift);
            }
        }
        else
        {
            TarBuilder.Octal(field, value);
        }

        for (int i = 0; i < width; i++)
        {
            bytes[block + offset + i] = field[i];
        }
    }

    /// <summary>Recomputes the checksum of every block that looks like a ustar header, so mutations reach past the checksum check.</summary>
    private static void FixChecksums(byte[] tar)
    {
        for (int block = 0; block + 512 <= tar.Length; block += 512)
        {
            if (tar.AsSpan(block + 257, 5).SequenceEqual("ustar"u8))
            {
                var header = tar.AsSpan(block, 512).ToArray();
                TarBuilder.FixChecksum(header);
                header.CopyTo(tar, block);
            }
        }
    }
}
