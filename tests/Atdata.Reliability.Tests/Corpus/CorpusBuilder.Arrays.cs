using System.Buffers.Binary;
using static Atdata.Runtime.Tests.Arrays.ArrayTestSupport;

namespace Atdata.Reliability.Tests.Corpus;

internal static partial class CorpusBuilder
{
    private static CorpusCase Array(string id, string cwe, byte[] content, bool bounded = false, bool msgpackEnvelope = false, string? message = null)
        => new(id, "A1", cwe, Targets.ArrayDecoder, nameof(SampleFormatException), msgpackEnvelope ? "msgpack" : "npa", content)
        {
            BoundedAllocation = bounded,
            Message = message,
            Options = msgpackEnvelope ? Opt(("envelope", "msgpack-bin")) : null,
        };

    private static IEnumerable<CorpusCase> Arrays()
    {
        const long TwoPow32 = 1L << 32;
        const long TwoPow40 = 1L << 40;
        yield return Array("a1-shape-larger-than-buffer", "CWE-130", Compact("<f4", [4], new byte[12]));
        yield return Array("a1-buffer-larger-than-shape", "CWE-130", Compact("<f4", [2], new byte[12]));
        yield return Array("a1-negative-dimension", "CWE-1284", Compact("<f4", [-2, 3], new byte[24]));
        yield return Array("a1-minus-one-never-inferred", "CWE-1284", Compact("<f4", [-1], new byte[12]), message: "negative");
        yield return Array("a1-product-overflow-2pow40-squared", "CWE-190", Compact("<f8", [TwoPow40, TwoPow40], new byte[8]), bounded: true);
        yield return Array("a1-product-wraps-to-zero", "CWE-190", Compact("<f8", [TwoPow32, TwoPow32], []), bounded: true);
        yield return Array("a1-product-wraps-to-data-length", "CWE-190", Compact("<f8", [long.MaxValue, long.MaxValue], new byte[8]), bounded: true);
        yield return Array("a1-declares-2gib-of-doubles", "CWE-789", Compact("<f8", [1L << 28], new byte[16]), bounded: true);
        yield return Array("a1-declares-64gib-in-3d", "CWE-789", Compact("|u1", [4096, 4096, 4096], new byte[64]), bounded: true);
        yield return Array("a1-rank-33", "CWE-1284", Compact("<f4", Enumerable.Repeat(1L, 33).ToArray(), new byte[4]));
        yield return Array("a1-unknown-dtype", "CWE-20", Compact("<x4", [1], new byte[4]));
        yield return Array("a1-object-dtype", "CWE-502", Compact("|O8", [1], new byte[8]));
        yield return Array("a1-data-not-multiple-of-itemsize", "CWE-130", Compact("<f4", [3], new byte[13]));
        yield return Array("a1-dtype-length-past-end", "CWE-125", [0xFF, (byte)'<', (byte)'f', (byte)'4', 0]);
        yield return Array("a1-npy-shape-larger-than-buffer", "CWE-789", Npy("<f4", false, [100_000, 100_000], new byte[16]), bounded: true);
        var npyHuge = Npy(NpyDict("<f4", false, [1]), new byte[4], major: 2);
        BinaryPrimitives.WriteUInt32LittleEndian(npyHuge.AsSpan(8), 0xFFFFFFFFu);
        yield return Array("a1-npy-header-length-4gib", "CWE-789", npyHuge, bounded: true);
        yield return Array("a1-npy-dimension-overflows-int64", "CWE-190", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", new byte[4]));
        yield return Array("a1-npy-structured-dtype", "CWE-20", Npy("{'descr': [('x', '<f4'), ('y', '<i4')], 'fortran_order': False, 'shape': (2,), }", new byte[16]));
        yield return Array("a1-npy-object-dtype", "CWE-502", Npy("|O", false, [1], new byte[8]));
        yield return Array("a1-npy-unclosed-dict", "CWE-20", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,)", new byte[12]));
        yield return Array("a1-msgpack-bin32-declaring-4gib", "CWE-789", [0xc6, 0xff, 0xff, 0xff, 0xff, 3, (byte)'<', (byte)'f', (byte)'4', 0], bounded: true, msgpackEnvelope: true);
    }
}
