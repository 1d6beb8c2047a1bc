using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Atdata.Shared;

/// <summary>
/// CIDv1 pieces Python atdata uses (<c>atdata._cid.generate_cid</c>): SHA-256 over a DAG-CBOR block, the binary
/// CID <c>01 71 12 20</c> ‖ digest, and its multibase base32 text (<c>b</c> prefix, lower-case RFC 4648
/// alphabet, no padding), always 59 characters starting with <c>bafyrei</c>.
/// </summary>
/// <remarks>Shared by file link with the netstandard2.0 generator, which computes <c>T.SchemaCid</c> with it.</remarks>
internal static class CidCodec
{
    /// <summary>CID version 1.</summary>
    public const byte Version1 = 0x01;

    /// <summary>The multicodec code of DAG-CBOR.</summary>
    public const byte DagCborCodec = 0x71;

    /// <summary>The multihash code of SHA2-256.</summary>
    public const byte Sha256Code = 0x12;

    /// <summary>The SHA2-256 digest length.</summary>
    public const byte Sha256Length = 32;

    /// <summary>The length of a binary CIDv1 dag-cbor sha2-256.</summary>
    public const int BinaryLength = 4 + Sha256Length;

    /// <summary>The multibase prefix of lower-case base32.</summary>
    public const char Base32Prefix = 'b';

    private const string Base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>The binary CID (CIDv1, dag-cbor, sha2-256) of a DAG-CBOR block.</summary>
    [SuppressMessage("Performance", "CA1850:Prefer static HashData method", Justification = "SHA256.HashData does not exist on netstandard2.0, where the generator compiles this file.")]
    public static byte[] ComputeBinary(byte[] dagCbor)
    {
        byte[] digest;
        using (var sha = SHA256.Create())
        {
            digest = sha.ComputeHash(dagCbor);
        }

        var cid = new byte[BinaryLength];
        cid[0] = Version1;
        cid[1] = DagCborCodec;
        cid[2] = Sha256Code;
        cid[3] = Sha256Length;
        Buffer.BlockCopy(digest, 0, cid, 4, digest.Length);
        return cid;
    }

    /// <summary>The CID text (<c>bafyrei…</c>) of a DAG-CBOR block.</summary>
    public static string Compute(byte[] dagCbor) => ToText(ComputeBinary(dagCbor));

    /// <summary>The multibase base32 text of a binary CID.</summary>
    public static string ToText(byte[] binaryCid)
    {
        var text = new StringBuilder(1 + ((binaryCid.Length * 8) + 4) / 5);
        text.Append(Base32Prefix);
        int buffer = 0;
        int bits = 0;
        foreach (byte b in binaryCid)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                text.Append(Base32Alphabet[(buffer >> bits) & 31]);
            }
        }

        if (bits > 0)
        {
            text.Append(Base32Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }

    /// <summary>
    /// Decodes unpadded lower-case base32 (the text after the multibase prefix). Returns <see langword="null"/>
    /// for a character outside the alphabet, an impossible length, or non-zero trailing bits.
    /// </summary>
    public static byte[]? FromBase32(string text, int start)
    {
        int count = text.Length - start;
        int remainder = count % 8;
        if (count <= 0 || remainder is 1 or 3 or 6)
        {
            return null;
        }

        var bytes = new byte[count * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int written = 0;
        for (int i = start; i < text.Length; i++)
        {
            int value = Base32Alphabet.IndexOf(text[i]);
            if (value < 0)
            {
                return null;
            }

            buffer = ((buffer << 5) | value) & 0xFFFF;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes[written++] = (byte)(buffer >> bits);
            }
        }

        // The unused low bits of the last character must be zero (canonical encoding).
        return (buffer & ((1 << bits) - 1)) == 0 ? bytes : null;
    }

    /// <summary>
    /// Whether <paramref name="bytes"/> starts with a binary CID, by python-libipld's rule: a CIDv1 prefix
    /// (version 1, codec, multihash code and a digest length of at most 64 that fits), or exactly 34 bytes of a
    /// CIDv0 (<c>12 20</c> + 32 digest bytes). Trailing bytes do not matter. libipld encodes such a Python
    /// <c>bytes</c> value as a tag-42 link instead of a byte string.
    /// </summary>
    public static bool LooksLikeBinaryCid(byte[] bytes)
    {
        if (bytes.Length < 4)
        {
            return false;
        }

        if (bytes.Length == 34 && bytes[0] == 0x12 && bytes[1] == 0x20)
        {
            return true;
        }

        if (bytes[0] != Version1)
        {
            return false;
        }

        int position = 0;
        return TryReadVarint(bytes, ref position, out _) // version
            && TryReadVarint(bytes, ref position, out _) // codec
            && TryReadVarint(bytes, ref position, out _) // multihash code
            && TryReadVarint(bytes, ref position, out ulong size)
            && size <= 64
            && (ulong)(bytes.Length - position) >= size;
    }

    /// <summary>Reads a minimally encoded unsigned LEB128 varint of at most 10 bytes (multiformats rule).</summary>
    public static bool TryReadVarint(byte[] bytes, ref int position, out ulong value)
    {
        value = 0;
        for (int i = 0; i < 10; i++)
        {
            if (position + i >= bytes.Length)
            {
                return false;
            }

            byte b = bytes[position + i];
            value |= (ulong)(b & 0x7f) << (i * 7);
            if ((b & 0x80) == 0)
            {
                if (b == 0 && i > 0)
                {
                    return false;
                }

                position += i + 1;
                return true;
            }
        }

        return false;
    }
}
