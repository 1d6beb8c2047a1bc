using Microsoft.CodeAnalysis;

namespace Atdata.Docs.Tests;

/// <summary>
/// Every C# block of the README and the docs pages compiles, in page order, as a user's program would. Blocks
/// marked <c>generated</c> or <c>signature</c> (generated output, API shapes) must parse; a block preceded by
/// <c>&lt;!-- expect: ATDxxxx --&gt;</c> must produce exactly that diagnostic.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class DocPageTests
{
    public static IEnumerable<TestCaseData> Pages()
        => RepoPaths.MarkdownPages()
            .Where(p => !p.StartsWith("docs/diagnostics/", StringComparison.Ordinal))
            .Where(p => MarkdownCode.Blocks(p).Any(b => b.IsCSharp))
            .Select(p => new TestCaseData(p).SetArgDisplayNames(p));

    [TestCaseSource(nameof(Pages))]
    public void CSharpBlocksCompile(string page)
    {
        var blocks = MarkdownCode.Blocks(page).Where(b => b.IsCSharp).ToList();
        var prelude = MarkdownCode.Prelude(page);
        var files = AdditionalFiles(page);

        var parseErrors = blocks.Where(b => b.IsParseOnly).SelectMany(DocCompiler.ParseErrors).ToList();
        Assert.That(parseErrors, Is.Empty, "blocks marked generated/signature must parse");

        var compiled = blocks.Where(b => !b.IsParseOnly && b.ExpectedDiagnostic is null).ToList();
        var diagnostics = DocCompiler.Failures(DocCompiler.Compile(page, compiled, prelude, files));
        Assert.That(diagnostics, Is.Empty, () => DocCompiler.Describe(diagnostics));

        foreach (var block in blocks.Where(b => b.ExpectedDiagnostic is not null))
        {
            var found = DocCompiler.Compile(page, [block], prelude, files);
            Assert.That(found.Select(d => d.Id), Does.Contain(block.ExpectedDiagnostic),
                () => $"{block}: expected {block.ExpectedDiagnostic}, got:\n{DocCompiler.Describe(found)}");
        }
    }

    /// <summary>Blocks marked <c>&lt;!-- file: NAME --&gt;</c> stand for additional files (a schema lock) of the page's project.</summary>
    internal static IReadOnlyList<(string Name, string Text)> AdditionalFiles(string page)
        => MarkdownCode.Blocks(page).Where(b => b.AdditionalFileName is not null).Select(b => (b.AdditionalFileName!, b.Code)).ToList();
}
