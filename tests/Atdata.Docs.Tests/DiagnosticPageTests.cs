using Microsoft.CodeAnalysis.CSharp;

namespace Atdata.Docs.Tests;

/// <summary>
/// Each diagnostic's page proves itself: the code under "Example" produces that diagnostic, and the code under
/// "How to fix" compiles without it (and without any error).
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class DiagnosticPageTests
{
    /// <summary>Diagnostics no user code can trigger (an internal generator failure), so their pages show none.</summary>
    private static readonly string[] Untriggerable = ["ATD0900"];

    public static IEnumerable<TestCaseData> Pages()
        => RepoPaths.MarkdownPages()
            .Where(p => p.StartsWith("docs/diagnostics/ATD", StringComparison.Ordinal))
            .Select(p => new TestCaseData(p).SetArgDisplayNames(Path.GetFileNameWithoutExtension(p)));

    [TestCaseSource(nameof(Pages))]
    public void ExampleTriggersAndFixCompiles(string page)
    {
        string id = Path.GetFileNameWithoutExtension(page);
        var blocks = MarkdownCode.Blocks(page).Where(b => b.IsCSharp && !b.IsParseOnly).ToList();
        var files = DocPageTests.AdditionalFiles(page)
            .Where(f => !FixFiles(page).Contains(f)).ToList();
        var examples = blocks.Where(b => b.Section.StartsWith("Example", StringComparison.Ordinal)).ToList();
        var fixes = blocks.Where(b => b.Section.StartsWith("How to fix", StringComparison.Ordinal)).ToList();

        if (Untriggerable.Contains(id))
        {
            Assert.That(examples, Is.Empty, $"{id} cannot be triggered; its page must not claim an example does");
        }
        else
        {
            Assert.That(examples, Is.Not.Empty, $"{page} has no C# block under 'Example'");
        }

        foreach (var example in examples)
        {
            var version = example.LanguageVersion is { } v && LanguageVersionFacts.TryParse(v, out var parsed) ? parsed : LanguageVersion.CSharp14;
            var found = DocCompiler.Compile(page, [example], MarkdownCode.Prelude(page), files, version);
            Assert.That(found.Select(d => d.Id), Does.Contain(id), () => $"{example}: expected {id}, got:\n{DocCompiler.Describe(found)}");
        }

        foreach (var fix in fixes)
        {
            var fixFiles = FixFiles(page);
            var found = DocCompiler.Compile(page, [fix], MarkdownCode.Prelude(page), fixFiles.Count > 0 ? fixFiles : files);
            Assert.That(found.Where(d => d.Id == id).Concat(DocCompiler.Failures(found)), Is.Empty,
                () => $"{fix}: the fix still fails:\n{DocCompiler.Describe(found)}");
        }
    }

    [TestCaseSource(nameof(Pages))]
    public void IsListedInTheIndex(string page)
    {
        string id = Path.GetFileNameWithoutExtension(page);
        string title = RepoPaths.Read(page).Split('\n')[0].Split(':', 2)[1].Trim();
        Assert.That(RepoPaths.Read("docs/diagnostics/README.md"), Does.Contain($"| [{id}]({id}.md) |").And.Contain(title));
    }

    /// <summary>A fix may come with its own additional file (the updated lock), which then replaces the example's.</summary>
    private static List<(string Name, string Text)> FixFiles(string page)
        => MarkdownCode.Blocks(page)
            .Where(b => b.AdditionalFileName is not null && b.Section.StartsWith("How to fix", StringComparison.Ordinal))
            .Select(b => (b.AdditionalFileName!, b.Code)).ToList();
}
