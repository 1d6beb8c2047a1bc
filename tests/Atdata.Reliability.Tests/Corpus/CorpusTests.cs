using Atdata.Reliability.Tests.Infrastructure;
using NUnit.Framework;

namespace Atdata.Reliability.Tests.Corpus;

/// <summary>
/// Replays every file of the malicious corpus (guide section 5, goal 1): the exact documented exception type,
/// never a forbidden one, no hang, and under 2 MiB allocated for header-declared sizes.
/// </summary>
[TestFixture]
[Category("Corpus")]
public sealed class CorpusTests
{
    private static readonly string[] s_requiredCases = ["F10", "F11", "F12", "F13", "F14", "F15", "M1", "M2", "M3", "M4", "M5", "M6", "M7", "A1", "S2", "S3", "G1"];

    public static IEnumerable<TestCaseData> Entries()
    {
        foreach (var entry in CorpusFiles.Load().Entries)
        {
            yield return new TestCaseData(entry).SetName(entry.Id).SetCategory(entry.Case).SetCategory(entry.Cwe);
        }
    }

    [TestCaseSource(nameof(Entries))]
    public void Replay(ManifestEntry entry)
    {
        CorpusReplay.Run(entry, CorpusFiles.Content(entry));
        Figures.CorpusReplayed();
    }

    [Test]
    public void The_corpus_has_at_least_60_named_inputs_covering_every_input_case()
    {
        var entries = CorpusFiles.Load().Entries;
        Assert.That(entries, Has.Count.GreaterThanOrEqualTo(60));
        Assert.That(entries.Select(e => e.Id), Is.Unique);
        Assert.That(entries.Select(e => e.Case).Distinct(), Is.SupersetOf(s_requiredCases));
        Assert.That(entries.Select(e => e.Cwe), Has.All.Match("^CWE-[0-9]+$"));
        Assert.That(entries.Where(e => e.BoundedAllocation).Select(e => e.Case).Distinct(), Is.SupersetOf(new[] { "F13", "M5", "A1" }));
    }

    /// <summary>The checked-in files are exactly what <see cref="CorpusBuilder"/> writes; ATDATA_REBUILD_CORPUS=1 rewrites them and fails on purpose.</summary>
    [Test]
    public void The_checked_in_corpus_matches_the_builder()
    {
        var cases = CorpusBuilder.All();
        if (Environment.GetEnvironmentVariable("ATDATA_REBUILD_CORPUS") == "1")
        {
            CorpusFiles.Write(cases);
            Assert.Fail("corpus rebuilt: review and commit tests/Atdata.Reliability.Tests/Corpus");
        }

        var manifest = CorpusFiles.Load();
        string expected = CorpusFiles.Serialize(new Manifest(CorpusFiles.Description, [.. cases.Select(c => c.ToManifest())]));
        Assert.That(File.ReadAllText(CorpusFiles.ManifestPath), Is.EqualTo(expected), "manifest.json is stale: run with ATDATA_REBUILD_CORPUS=1");
        foreach (var c in cases)
        {
            var entry = manifest.Entries.Single(e => e.Id == c.Id);
            Assert.That(CorpusFiles.Content(entry), Is.EqualTo(c.Content), $"{c.FileName} is stale: run with ATDATA_REBUILD_CORPUS=1");
        }
    }
}
