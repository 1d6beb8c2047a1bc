namespace Atdata.Reliability.Tests.Corpus;

/// <summary>
/// Writes the malicious corpus deterministically: every input is built from constants here, so rebuilding
/// (<c>ATDATA_REBUILD_CORPUS=1</c>) gives the same bytes. A normal run only replays the checked-in files and
/// checks they still match what this builder makes.
/// </summary>
internal static partial class CorpusBuilder
{
    public const string ShardExpectedTypes = "Atdata.ShardTruncatedException, ShardIntegrityException, ShardFormatException";

    /// <summary>Every case, in manifest order.</summary>
    public static IReadOnlyList<CorpusCase> All() =>
    [
        .. Shards(),
        .. Samples(),
        .. Arrays(),
        .. Texts(),
        .. GeneratorInputs(),
    ];

    private static Dictionary<string, string> Opt(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
}
