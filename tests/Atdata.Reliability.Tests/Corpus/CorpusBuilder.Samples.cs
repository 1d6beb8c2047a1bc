using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Atdata.Msgpack;

namespace Atdata.Reliability.Tests.Corpus;

internal static partial class CorpusBuilder
{
    private const string SampleError = nameof(SampleFormatException);

    private static CorpusCase Msgpack(string id, string @case, string cwe, byte[] content, string expected = SampleError, bool typed = false, string? message = null, bool bounded = false)
        => new(id, @case, cwe, Targets.SampleDecoder, expected, "msgpack", content)
        {
            Message = message,
            BoundedAllocation = bounded,
            Options = typed ? Opt(("type", nameof(CorpusRecord))) : null,
        };

    private static IEnumerable<CorpusCase> Samples()
    {
        // M1: not msgpack, or not a map.
        yield return Msgpack("m1-invalid-code-c1", "M1", "CWE-20", [0x81, 0xa1, 0x61, 0xc1], message: "offset 3");
        yield return Msgpack("m1-truncated-map", "M1", "CWE-125", [0x82, 0xa1, 0x61, 0x01, 0xa1]);
        yield return Msgpack("m1-empty-input", "M1", "CWE-125", []);
        yield return Msgpack("m1-top-level-string", "M1", "CWE-20", [0xa3, 0x61, 0x62, 0x63]);
        yield return Msgpack("m1-top-level-array-typed", "M1", "CWE-20", [0x93, 1, 2, 3], typed: true);

        // M2: wrong field types.
        yield return Msgpack("m2-string-for-int", "M2", "CWE-843", Map(("count", "seven"), ("name", "n")), typed: true, message: "count");
        yield return Msgpack("m2-nil-for-required-string", "M2", "CWE-843", Map(("count", 1L), ("name", null)), typed: true, message: "name");
        yield return Msgpack("m2-map-for-list", "M2", "CWE-843", Map(("count", 1L), ("name", "n"), ("values", new DynamicSample([new("x", 1L)]))), typed: true, message: "values");

        // M3: missing, duplicate and extra fields.
        yield return Msgpack("m3-missing-required-field", "M3", "CWE-20", Map(("count", 1L)), typed: true, message: "name");
        yield return Msgpack("m3-duplicate-key", "M3", "CWE-694", [0x82, 0xa1, 0x61, 0x01, 0xa1, 0x61, 0x02]);
        yield return Msgpack("m3-extra-unknown-field-ignored", "M3", "CWE-20", Map(("count", 1L), ("name", "n"), ("zzz", new byte[] { 1, 2 })), Expectations.Decodes, typed: true);

        // M4: nesting depth.
        yield return Msgpack("m4-depth-10000-known-field", "M4", "CWE-674", [0x81, 0xa1, 0x61, .. Enumerable.Repeat((byte)0x91, 10_000), 0xc0], message: "depth");
        yield return Msgpack("m4-depth-200000-known-field", "M4", "CWE-674", [0x81, 0xa1, 0x61, .. Enumerable.Repeat((byte)0x91, 200_000), 0xc0]);
        yield return Msgpack("m4-depth-200000-skipped-field", "M4", "CWE-674",
            [0x83, .. Map(("count", 1L))[1..], .. Map(("name", "n"))[1..], 0xa3, 0x7a, 0x7a, 0x7a, .. Enumerable.Repeat((byte)0x91, 200_000), 0xc0], typed: true);
        yield return Msgpack("m4-depth-100000-nested-maps", "M4", "CWE-674", [.. Enumerable.Range(0, 100_000).SelectMany(_ => new byte[] { 0x81, 0xa0 }), 0xc0]);

        // M5: declared lengths far past the input.
        foreach (var (code, name) in new[] { (0xdb, "str32"), (0xc6, "bin32"), (0xdd, "array32"), (0xdf, "map32"), (0xc9, "ext32") })
        {
            byte[] value = new byte[5];
            value[0] = (byte)code;
            BinaryPrimitives.WriteUInt32BigEndian(value.AsSpan(1), 0x8000_0000);
            yield return Msgpack($"m5-{name}-declaring-2pow31", "M5", "CWE-789", [0x81, 0xa1, 0x61, .. value, 0x00], bounded: true);
        }

        yield return Msgpack("m5-top-level-map32-2pow30", "M5", "CWE-789", [0xdf, 0x40, 0x00, 0x00, 0x00], bounded: true);
        yield return Msgpack("m5-typed-list-array32-2pow31", "M5", "CWE-789",
            [0x83, .. Map(("count", 1L))[1..], .. Map(("name", "n"))[1..], 0xa6, .. "values"u8, 0xdd, 0x80, 0, 0, 0, 0x01], typed: true, bounded: true);

        // M6: trailing bytes.
        yield return Msgpack("m6-trailing-bytes", "M6", "CWE-20", [0x81, 0xa1, 0x61, 0x01, 0x00], message: "offset 4");
        yield return Msgpack("m6-trailing-bytes-typed", "M6", "CWE-20", [.. Map(("count", 1L), ("name", "n")), 0xc0], typed: true);

        // M7: many keys stay linear; a repeat among them is still found.
        yield return Msgpack("m7-20000-keys", "M7", "CWE-407", ManyKeys(20_000, repeatAt: null), Expectations.Decodes);
        yield return Msgpack("m7-repeat-among-50000-keys", "M7", "CWE-407", ManyKeys(50_000, repeatAt: 123), message: "k123");
    }

    private static byte[] Map(params (string Key, object? Value)[] fields)
        => new DynamicSample(fields.Select(f => new KeyValuePair<string, object?>(f.Key, f.Value))).Pack();

    private static byte[] ManyKeys(int count, int? repeatAt)
    {
        var buffer = new ArrayBufferWriter<byte>(count * 10);
        var writer = new MsgpackWriter(buffer);
        writer.WriteMapHeader(count + (repeatAt is null ? 0 : 1));
        for (int i = 0; i < count; i++)
        {
            writer.WriteString("k" + i.ToString(CultureInfo.InvariantCulture));
            writer.WriteInt64(1);
        }

        if (repeatAt is int repeat)
        {
            writer.WriteString("k" + repeat.ToString(CultureInfo.InvariantCulture));
            writer.WriteInt64(2);
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
