using System.Security.Cryptography;
using System.Text;
using Atdata.Runtime.Tests.Shards;

namespace Atdata.Reliability.Tests.Corpus;

internal static partial class CorpusBuilder
{
    private static readonly byte[] s_sample = ShardTestHelpers.Msgpack(1);

    private static TarBuilder OneGood() => new TarBuilder().Sample("good", s_sample);

    private static CorpusCase Tar(string id, string @case, string cwe, string expected, byte[] content, string? message = null, bool bounded = false, Dictionary<string, string>? options = null)
        => new(id, @case, cwe, Targets.ShardReader, expected, "tar", content) { Message = message, BoundedAllocation = bounded, Options = options };

    private static IEnumerable<CorpusCase> Shards()
    {
        const string Truncated = nameof(ShardTruncatedException);
        const string Integrity = nameof(ShardIntegrityException);
        const string Format = nameof(ShardFormatException);

        // F10: truncation.
        var two = OneGood().Sample("second", s_sample).End().ToArray();
        yield return Tar("f10-empty-shard", "F10", "CWE-125", Truncated, [], "empty");
        yield return Tar("f10-truncated-mid-header", "F10", "CWE-125", Truncated, two[..(1024 + 300)], "byte offset 1024");
        yield return Tar("f10-truncated-mid-data", "F10", "CWE-125", Truncated, OneGood().File("big.msgpack", new byte[5000]).End().ToArray()[..(1024 + 512 + 2000)]);
        var pax = new TarBuilder().Pax((byte)'x', ("comment", new string('a', 900)), ("path", "a.msgpack")).ToArray();
        yield return Tar("f10-truncated-inside-pax-block", "F10", "CWE-125", Truncated, pax[..(512 + 300)]);
        yield return Tar("f10-ends-after-metadata-header", "F10", "CWE-125", Truncated, pax);
        yield return Tar("f10-short-text", "F10", "CWE-125", Truncated, "hello"u8.ToArray());

        // F11: integrity.
        yield return Tar("f11-wrong-header-checksum", "F11", "CWE-354", Integrity,
            OneGood().Raw(TarBuilder.Header("x.msgpack"u8, s_sample.Length, after: h => h[0] ^= 0x01)).Data(s_sample).End().ToArray());
        yield return Tar("f11-wrong-checksum-first-header", "F11", "CWE-354", Integrity,
            new TarBuilder().Raw(TarBuilder.Header("x.msgpack"u8, s_sample.Length, after: h => h[3] ^= 0x20)).Data(s_sample).End().ToArray());
        yield return Tar("f11-garbage-checksum-field", "F11", "CWE-354", Integrity,
            OneGood().Raw(TarBuilder.Header("x.msgpack"u8, s_sample.Length, after: h => "zz"u8.CopyTo(h.AsSpan(148)))).Data(s_sample).End().ToArray());
        var flipped = OneGood().End().ToArray();
        string sha = Convert.ToHexStringLower(SHA256.HashData(flipped));
        flipped[520] ^= 0xff;
        yield return Tar("f11-flipped-byte-sha256", "F11", "CWE-354", Integrity, flipped, "SHA-256", options: Opt(("sha256", sha)));
        yield return Tar("f11-corrupt-gzip", "F11", "CWE-354", Integrity,
            [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, .. Enumerable.Repeat((byte)0xee, 4000)]);

        // F12: compressed or not a tar.
        yield return Tar("f12-zstd", "F12", "CWE-20", Format, [0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58, 0, 0, 0, 0, .. new byte[2000]], "compressed");
        yield return Tar("f12-bzip2", "F12", "CWE-20", Format, [0x42, 0x5a, 0x68, 0x39, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59, .. new byte[2000]], "compressed");
        yield return Tar("f12-xz", "F12", "CWE-20", Format, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 0, 0, 0, .. new byte[2000]], "compressed");
        yield return Tar("f12-lz4", "F12", "CWE-20", Format, [0x04, 0x22, 0x4d, 0x18, 0x64, 0x40, 0xa7, 0, 0, 0, .. new byte[2000]], "compressed");
        yield return Tar("f12-gzip-refused", "F12", "CWE-20", Format, [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, .. OneGood().End().ToArray()], "compressed", options: Opt(("decompressGzip", "false")));
        yield return Tar("f12-plain-text", "F12", "CWE-20", Format, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("plain text, not a tar archive at all.\n", 40))), "not a tar");
        yield return Tar("f12-json-text", "F12", "CWE-20", Format, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"json\": true}", 60))), "not a tar");
        yield return Tar("f12-zip", "F12", "CWE-20", Format, [0x50, 0x4b, 0x03, 0x04, .. new byte[600]], "not a tar");

        // F13: declared sizes and counts, rejected before allocating.
        foreach (var (type, name) in new[] { ((byte)'x', "pax-x"), ((byte)'g', "pax-g"), ((byte)'L', "gnu-L"), ((byte)'K', "gnu-K") })
        {
            yield return Tar($"f13-{name}-declaring-1gib", "F13", "CWE-789", Format,
                new TarBuilder().Raw(TarBuilder.Header("././@PaxHeader"u8, 1L << 30, type)).Raw(new byte[4096]).ToArray(), bounded: true);
        }

        yield return Tar("f13-member-declaring-8gib", "F13", "CWE-789", Format,
            new TarBuilder().Raw(TarBuilder.Header("huge.msgpack"u8, 8L << 30)).Raw(new byte[1536]).ToArray(), "8589934592", bounded: true);
        yield return Tar("f13-pax-size-record-8gib", "F13", "CWE-789", Format,
            new TarBuilder().Pax((byte)'x', ("size", (8L << 30).ToString(System.Globalization.CultureInfo.InvariantCulture))).Raw(TarBuilder.Header("huge.msgpack"u8, 0)).Raw(new byte[1024]).ToArray(), bounded: true);
        yield return Tar("f13-vendor-entry-8gib", "F13", "CWE-789", Format,
            new TarBuilder().Raw(TarBuilder.Header("vendor"u8, 8L << 30, (byte)'V')).Raw(new byte[1024]).ToArray(), bounded: true);
        // Found by the mutation fuzzer: sizes under MaxMemberSize but far past the shard's end were allocated in full.
        yield return Tar("f13-msgpack-member-declaring-1gib-under-cap", "F13", "CWE-789", Truncated,
            new TarBuilder().Raw(TarBuilder.Header("big.msgpack"u8, (1L << 30) - 512)).Raw(new byte[1536]).ToArray(), bounded: true);
        yield return Tar("f13-other-member-declaring-512mib", "F13", "CWE-789", Truncated,
            new TarBuilder().Raw(TarBuilder.Header("k.json"u8, 1L << 29)).Raw(new byte[1536]).ToArray(), bounded: true, options: Opt(("includeOtherMembers", "true")));
        yield return Tar("f13-negative-base256-size", "F13", "CWE-190", Format, new TarBuilder().Raw(TarBuilder.Header("neg.msgpack"u8, -5)).End().ToArray());
        var many = new TarBuilder();
        for (int i = 0; i < 101; i++)
        {
            many.Sample($"k{i}", s_sample);
        }

        yield return Tar("f13-more-entries-than-cap", "F13", "CWE-770", Format, many.End().ToArray(), options: Opt(("maxEntries", "100")));
        var flood = new TarBuilder();
        for (int i = 0; i < 20; i++)
        {
            flood.Pax((byte)'x', ("comment", "x"));
        }

        yield return Tar("f13-metadata-header-flood", "F13", "CWE-770", Format, flood.Sample("a", s_sample).End().ToArray());
        foreach (var (records, name) in new[] { ("8 path=a\n", "short-length"), ("x path=a\n", "non-numeric-length"), ("99 path=a\n", "length-past-end"), ("12 pathnoeq\n", "no-equals") })
        {
            var data = Encoding.ASCII.GetBytes(records);
            yield return Tar($"f13-malformed-pax-{name}", "F13", "CWE-20", Format,
                new TarBuilder().Raw(TarBuilder.Header("././@PaxHeader"u8, data.Length, (byte)'x')).Data(data).Sample("a", s_sample).End().ToArray());
        }

        // F14: member names and entry types.
        foreach (var (name, label) in new (byte[], string)[]
        {
            ("../x.msgpack"u8.ToArray(), "dotdot"), ("a/../../x.msgpack"u8.ToArray(), "inner-dotdot"), ("/abs/x.msgpack"u8.ToArray(), "absolute"),
            ("a\nb.msgpack"u8.ToArray(), "newline"), ("a\u007fb.msgpack"u8.ToArray(), "del"), ("a\\b.msgpack"u8.ToArray(), "backslash"),
            ("C:/x.msgpack"u8.ToArray(), "drive-letter"), ([0x61, 0xff, 0xfe, 0x2e, 0x6d], "invalid-utf8"),
        })
        {
            yield return Tar($"f14-name-{label}", "F14", "CWE-22", Format, OneGood().File(name, s_sample).End().ToArray(), label == "invalid-utf8" ? "not valid UTF-8" : "unsafe");
        }

        yield return Tar("f14-gnu-long-name-dotdot", "F14", "CWE-22", Format,
            OneGood().GnuLongName("../../escape/name.msgpack"u8.ToArray()).Raw(TarBuilder.Header("ok.msgpack"u8, s_sample.Length)).Data(s_sample).End().ToArray());
        yield return Tar("f14-pax-path-dotdot", "F14", "CWE-22", Format,
            OneGood().Pax((byte)'x', ("path", "../../x/evil.msgpack")).Raw(TarBuilder.Header("ok.msgpack"u8, s_sample.Length)).Data(s_sample).End().ToArray());
        yield return Tar("f14-pax-path-nul", "F14", "CWE-158", Format,
            OneGood().Pax((byte)'x', ("path", "a\0b.msgpack")).Raw(TarBuilder.Header("ok.msgpack"u8, s_sample.Length)).Data(s_sample).End().ToArray());
        yield return Tar("f14-name-over-255-bytes", "F14", "CWE-20", Format,
            new TarBuilder().Pax((byte)'x', ("path", new string('n', 300) + ".msgpack")).Raw(TarBuilder.Header("ok.msgpack"u8, s_sample.Length)).Data(s_sample).End().ToArray());
        foreach (var (type, label) in new[] { ((byte)'2', "symlink"), ((byte)'1', "hardlink"), ((byte)'3', "char-device") })
        {
            yield return Tar($"f14-{label}-rejected", "F14", "CWE-59", Format,
                OneGood().Raw(TarBuilder.Header("../../etc/evil"u8, 0, type, tweak: h => "/etc/passwd"u8.CopyTo(h.AsSpan(157)))).Sample("after", s_sample).End().ToArray(),
                options: Opt(("nonRegular", "reject")));
        }

        yield return Tar("f14-symlink-skipped-by-default", "F14", "CWE-59", Expectations.Decodes,
            OneGood().Raw(TarBuilder.Header("link"u8, 0, (byte)'2', tweak: h => "/etc/passwd"u8.CopyTo(h.AsSpan(157)))).Sample("after", s_sample).End().ToArray());
        yield return Tar("f14-old-gnu-sparse", "F14", "CWE-20", Format,
            OneGood().Raw(TarBuilder.Header("sparse.msgpack"u8, 512, (byte)'S', gnuMagic: true)).Raw(new byte[512]).End().ToArray());
        yield return Tar("f14-pax-gnu-sparse-1.0", "F14", "CWE-20", Format,
            OneGood().Pax((byte)'x', ("GNU.sparse.major", "1"), ("GNU.sparse.minor", "0"), ("GNU.sparse.name", "s.msgpack"))
                .Raw(TarBuilder.Header("GNUSparseFile.0/s.msgpack"u8, 512)).Raw(new byte[512]).End().ToArray());

        // F15: duplicates and incomplete samples.
        yield return Tar("f15-duplicate-key-and-suffix", "F15", "CWE-694", Format, OneGood().Sample("dup", s_sample).Sample("dup", s_sample).End().ToArray(), "duplicate member");
        yield return Tar("f15-duplicate-suffix-case-only", "F15", "CWE-694", Format, new TarBuilder().File("k.json", "{}"u8).File("k.JSON", "{}"u8).Sample("k", s_sample).End().ToArray(), "duplicate member");
        yield return Tar("f15-sample-without-msgpack", "F15", "CWE-20", Format, OneGood().File("lonely.json", "{}"u8).End().ToArray());
    }
}
