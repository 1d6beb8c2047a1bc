using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Atdata.Shared;

namespace Atdata;

/// <summary>
/// A content identifier as Python atdata computes it (<c>atdata.generate_cid</c>): CIDv1, codec dag-cbor
/// (<c>0x71</c>), multihash sha2-256, written as multibase base32 (<c>b</c> + lower-case RFC 4648, no
/// padding), for example <c>bafyreiaerogzhqf26vylrybc37mw23n4clixxuiw7yl74nnkebgr4pshcu</c>.
/// </summary>
/// <remarks>
/// <para>
/// A small immutable value holding the binary CID and its text; equality compares the binary form.
/// <see cref="Parse"/> accepts any base32 CIDv1 (any codec and hash), while <see cref="Of(object?)"/>,
/// <see cref="ForEntry(string, IReadOnlyList{string})"/> and <see cref="FromDagCbor"/> always produce dag-cbor
/// sha2-256 CIDs. <c>default(Cid)</c> is empty: <see cref="IsEmpty"/> is true and <see cref="ToString"/>
/// returns an empty string.
/// </para>
/// </remarks>
public readonly struct Cid : IEquatable<Cid>
{
    private const string KindName = "CID";

    private readonly byte[]? _bytes;
    private readonly string? _text;

    private Cid(byte[] bytes, string text)
    {
        _bytes = bytes;
        _text = text;
    }

    /// <summary>Whether this is <c>default(Cid)</c>.</summary>
    public bool IsEmpty => _bytes is null;

    /// <summary>The CID version (1), or 0 when empty.</summary>
    public int Version => _bytes is null ? 0 : 1;

    /// <summary>The multicodec of the content (<c>0x71</c> dag-cbor for every CID this SDK computes).</summary>
    public ulong Codec => Layout().Codec;

    /// <summary>The multihash function code (<c>0x12</c> sha2-256 for every CID this SDK computes).</summary>
    public ulong MultihashCode => Layout().HashCode;

    /// <summary>The digest bytes.</summary>
    public ReadOnlyMemory<byte> Digest => _bytes is null ? ReadOnlyMemory<byte>.Empty : _bytes.AsMemory(Layout().DigestStart);

    /// <summary>The binary CID (<c>01 71 12 20</c> ‖ digest for dag-cbor sha2-256).</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>
    /// The CID of a dataset entry: DAG-CBOR of exactly <c>{"schema_ref": schemaRef, "data_urls": dataUrls}</c>.
    /// The URL order, spelling (brace patterns, <c>s3://</c> or not) and the exact reference text all matter.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument or a URL is null.</exception>
    /// <exception cref="ArgumentException">A string holds an unpaired surrogate.</exception>
    public static Cid ForEntry(string schemaRef, IReadOnlyList<string> dataUrls)
    {
        ArgumentNullException.ThrowIfNull(schemaRef);
        ArgumentNullException.ThrowIfNull(dataUrls);
        var urls = new List<object?>(dataUrls.Count);
        foreach (string url in dataUrls)
        {
            urls.Add(url ?? throw new ArgumentNullException(nameof(dataUrls), "A data URL is null."));
        }

        return FromDagCborArray(DagCborEncoder.Encode(new OrderedMap { { "schema_ref", schemaRef }, { "data_urls", urls } }));
    }

    /// <summary>The CID of a dataset entry whose schema reference is <paramref name="schemaRef"/> (its exact text).</summary>
    /// <exception cref="ArgumentNullException">An argument or a URL is null.</exception>
    public static Cid ForEntry(SchemaRef schemaRef, IReadOnlyList<string> dataUrls)
    {
        ArgumentNullException.ThrowIfNull(schemaRef);
        return ForEntry(schemaRef.ToString(), dataUrls);
    }

    /// <summary>The CID of any DAG-CBOR value (see <see cref="DagCbor"/> for the kinds accepted), as <c>atdata.generate_cid(value)</c>.</summary>
    /// <exception cref="ArgumentException">The value cannot be encoded.</exception>
    public static Cid Of(object? value) => FromDagCborArray(DagCborEncoder.Encode(value));

    /// <summary>
    /// The CID of a schema record as Python's dict, with <c>createdAt</c> and <c>$ref</c> exactly as present.
    /// For the CID-stable form use <see cref="SchemaRecord.ComputeStableCid"/>.
    /// </summary>
    public static Cid Of(SchemaRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return FromDagCborArray(SchemaDocument.ToDagCbor(record.ToDocument()));
    }

    /// <summary>
    /// The CID of a JSON document as Python computes <c>generate_cid(json.loads(text))</c>: numbers without a
    /// fraction or exponent are integers, others floats; keys may come in any order; a repeated key keeps its last value.
    /// Use it to hash a stored record byte-exactly, including keys <see cref="SchemaRecord"/> does not model.
    /// </summary>
    /// <exception cref="ArgumentException">The text is not valid JSON, or holds a value DAG-CBOR cannot encode (an integer beyond 64 bits, a float overflowing to infinity).</exception>
    public static Cid OfJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = DagCborEncoder.MaxDepth });
            return Of(PlainJson.ToValue(document.RootElement));
        }
        catch (JsonException e)
        {
            throw new ArgumentException("The text is not valid JSON: " + e.Message, nameof(json), e);
        }
    }

    /// <summary>The CID of an already encoded DAG-CBOR block (SHA-256 over exactly these bytes).</summary>
    public static Cid FromDagCbor(ReadOnlySpan<byte> block) => FromDagCborArray(block.ToArray());

    /// <summary>Wraps a binary CIDv1.</summary>
    /// <exception cref="IdentifierFormatException">The bytes are not one binary CIDv1.</exception>
    public static Cid FromBytes(ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        string? reason = Validate(copy);
        return reason is null ? new Cid(copy, CidCodec.ToText(copy)) : throw new IdentifierFormatException(KindName, Convert.ToHexStringLower(copy), reason);
    }

    /// <summary>Parses a base32 CIDv1 (<c>b…</c>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="IdentifierFormatException">The text is not a base32 CIDv1.</exception>
    public static Cid Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? reason = TryParseCore(text, out var cid);
        return reason is null ? cid : throw new IdentifierFormatException(KindName, text, reason);
    }

    /// <summary>Parses a base32 CIDv1 (<c>b…</c>); returns <see langword="false"/> for anything else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Cid cid)
    {
        cid = default;
        return text is not null && TryParseCore(text, out cid) is null;
    }

    /// <summary>Whether <paramref name="value"/> encodes to the content this CID names (dag-cbor sha2-256 CIDs only).</summary>
    /// <exception cref="ArgumentException">The value cannot be encoded.</exception>
    public bool Verify(object? value) => IsDagCborSha256 && Equals(Of(value));

    /// <summary>Whether a DAG-CBOR block hashes to this CID (dag-cbor sha2-256 CIDs only).</summary>
    public bool VerifyBlock(ReadOnlySpan<byte> block) => IsDagCborSha256 && Equals(FromDagCbor(block));

    /// <summary>A copy of the binary CID.</summary>
    public byte[] ToBytes() => _bytes is null ? [] : (byte[])_bytes.Clone();

    /// <summary>The base32 text (<c>bafyrei…</c>), or an empty string when empty.</summary>
    public override string ToString() => _text ?? string.Empty;

    /// <inheritdoc/>
    public bool Equals(Cid other) => _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Cid other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    /// <summary>Whether two CIDs are equal.</summary>
    public static bool operator ==(Cid left, Cid right) => left.Equals(right);

    /// <summary>Whether two CIDs differ.</summary>
    public static bool operator !=(Cid left, Cid right) => !left.Equals(right);

    private bool IsDagCborSha256 => _bytes is { Length: CidCodec.BinaryLength } b
        && b[0] == CidCodec.Version1 && b[1] == CidCodec.DagCborCodec && b[2] == CidCodec.Sha256Code && b[3] == CidCodec.Sha256Length;

    private static Cid FromDagCborArray(byte[] block)
    {
        byte[] binary = CidCodec.ComputeBinary(block);
        return new Cid(binary, CidCodec.ToText(binary));
    }

    private static string? TryParseCore(string text, out Cid cid)
    {
        cid = default;
        if (text.Length == 0)
        {
            return "it is empty";
        }

        if (text[0] != CidCodec.Base32Prefix)
        {
            return text.StartsWith("Qm", StringComparison.Ordinal)
                ? "CIDv0 (base58) is not supported"
                : "expected the multibase prefix 'b' (lower-case base32)";
        }

        byte[]? bytes = CidCodec.FromBase32(text, 1);
        if (bytes is null)
        {
            return "the text after 'b' is not canonical lower-case base32";
        }

        string? reason = Validate(bytes);
        if (reason is not null)
        {
            return reason;
        }

        cid = new Cid(bytes, text);
        return null;
    }

    private static string? Validate(byte[] bytes)
    {
        int position = 0;
        if (!CidCodec.TryReadVarint(bytes, ref position, out ulong version) || version != 1)
        {
            return "only CID version 1 is supported";
        }

        if (!CidCodec.TryReadVarint(bytes, ref position, out _) || !CidCodec.TryReadVarint(bytes, ref position, out _)
            || !CidCodec.TryReadVarint(bytes, ref position, out ulong length))
        {
            return "the codec or multihash header is malformed";
        }

        return (ulong)(bytes.Length - position) == length && length > 0
            ? null
            : "the digest length does not match the multihash header";
    }

    private (ulong Codec, ulong HashCode, int DigestStart) Layout()
    {
        if (_bytes is null)
        {
            return (0, 0, 0);
        }

        int position = 0;
        CidCodec.TryReadVarint(_bytes, ref position, out _);
        CidCodec.TryReadVarint(_bytes, ref position, out ulong codec);
        CidCodec.TryReadVarint(_bytes, ref position, out ulong hashCode);
        CidCodec.TryReadVarint(_bytes, ref position, out _);
        return (codec, hashCode, position);
    }
}
