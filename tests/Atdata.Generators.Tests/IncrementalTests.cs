using Atdata.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;

namespace Atdata.Generators.Tests;

/// <summary>The pipeline caches: unchanged input re-emits nothing, a relevant change is seen.</summary>
[TestFixture]
public sealed class IncrementalTests
{
    private const string Source = """
        using Atdata;
        namespace Lab;
        [Packable]
        public partial record ImageSample(NdArray<float> Image, string Label, int Count);
        [Packable]
        public partial record Other(string Name);
        """;

    [Test]
    public void Same_compilation_twice_is_cached()
    {
        var compilation = TestCompilation.Create(Source);
        var driver = TestCompilation.CreateDriver().RunGenerators(compilation);
        driver = driver.RunGenerators(compilation);
        var run = driver.GetRunResult().Results.Single();

        AssertAllReasons(run, PackableGenerator.TrackingNames.Parse, IncrementalStepRunReason.Cached);
        AssertAllReasons(run, PackableGenerator.TrackingNames.Model, IncrementalStepRunReason.Cached);
        Assert.That(OutputReasons(run), Is.Not.Empty.And.All.EqualTo(IncrementalStepRunReason.Cached));
    }

    [Test]
    public void Unrelated_tree_added_re_emits_nothing()
    {
        var compilation = TestCompilation.Create(Source);
        var driver = TestCompilation.CreateDriver().RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single().GeneratedSources;

        var changed = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Lab; internal sealed class Unrelated { public int Value; }", TestCompilation.ParseOptions));
        driver = driver.RunGenerators(changed);
        var run = driver.GetRunResult().Results.Single();

        AssertAllReasons(run, PackableGenerator.TrackingNames.Parse, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertAllReasons(run, PackableGenerator.TrackingNames.Model, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        Assert.That(OutputReasons(run), Is.Not.Empty);
        Assert.That(OutputReasons(run), Has.None.EqualTo(IncrementalStepRunReason.Modified).And.None.EqualTo(IncrementalStepRunReason.New));
        Assert.That(run.GeneratedSources.Select(s => s.SourceText.ToString()), Is.EqualTo(first.Select(s => s.SourceText.ToString())));
    }

    [Test]
    public void Member_type_change_is_Modified_and_only_that_type_is_re_emitted()
    {
        var compilation = TestCompilation.Create(Source);
        var driver = TestCompilation.CreateDriver().RunGenerators(compilation);

        var oldTree = compilation.SyntaxTrees.Single();
        var newTree = CSharpSyntaxTree.ParseText(Source.Replace("int Count", "long Count", StringComparison.Ordinal), TestCompilation.ParseOptions, oldTree.FilePath);
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree));
        var run = driver.GetRunResult().Results.Single();

        var modelReasons = Reasons(run, PackableGenerator.TrackingNames.Model);
        Assert.That(modelReasons, Has.Exactly(1).EqualTo(IncrementalStepRunReason.Modified));
        Assert.That(modelReasons, Has.Exactly(1).EqualTo(IncrementalStepRunReason.Unchanged).Or.Exactly(1).EqualTo(IncrementalStepRunReason.Cached));
        Assert.That(OutputReasons(run), Has.Exactly(1).EqualTo(IncrementalStepRunReason.Modified));

        string generated = run.GeneratedSources.Single(s => s.HintName == "Lab.ImageSample.Packable.g.cs").SourceText.ToString();
        Assert.That(generated, Does.Contain("long __f2 = default;"));
    }

    [Test]
    public void Diagnostic_only_change_keeps_output_cached_for_other_types()
    {
        string broken = Source + "\n[Atdata.Packable] public record NotPartial(int X);";
        var compilation = TestCompilation.Create(broken);
        var driver = TestCompilation.CreateDriver().RunGenerators(compilation);
        var diagnostics = driver.GetRunResult().Diagnostics;
        Assert.That(diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "ATD0001" }));

        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated2 { }", TestCompilation.ParseOptions)));
        var run = driver.GetRunResult();
        Assert.That(run.Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "ATD0001" }), "diagnostics are reported again from the cache");
        Assert.That(OutputReasons(run.Results.Single()), Has.None.EqualTo(IncrementalStepRunReason.Modified));
    }

    [Test]
    public void Doc_comment_and_trivia_edits_do_not_change_the_model()
    {
        const string Documented = """
            using Atdata;
            namespace Lab;
            /// <summary>First wording.</summary>
            [Packable(Description = "Set here, not in the comment.")]
            public partial record ImageSample(NdArray<float> Image, string Label, int Count);
            """;
        var compilation = TestCompilation.Create(Documented);
        var driver = TestCompilation.CreateDriver().RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString();

        string edited = Documented
            .Replace("First wording.", "A completely different summary,\n/// over two lines.", StringComparison.Ordinal)
            .Replace("string Label,", "string   Label, // the label\n   ", StringComparison.Ordinal);
        var oldTree = compilation.SyntaxTrees.Single();
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, CSharpSyntaxTree.ParseText(edited, TestCompilation.ParseOptions, oldTree.FilePath)));
        var run = driver.GetRunResult().Results.Single();

        AssertAllReasons(run, PackableGenerator.TrackingNames.Model, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        Assert.That(OutputReasons(run), Has.None.EqualTo(IncrementalStepRunReason.Modified).And.None.EqualTo(IncrementalStepRunReason.New));
        Assert.That(run.GeneratedSources.Single().SourceText.ToString(), Is.EqualTo(first));
    }

    [Test]
    public void Lock_edits_re_check_only_the_edited_type_and_never_re_emit_source()
    {
        var compilation = TestCompilation.Create(Source);
        string lockText = SchemaLocks.For(Source);
        var lockFile = new TestCompilation.InMemoryAdditionalText("/p/" + SchemaLocks.FileName, lockText);
        var driver = TestCompilation.CreateDriver().AddAdditionalTexts([lockFile]).RunGenerators(compilation);
        Assert.That(driver.GetRunResult().Diagnostics, Is.Empty);

        // Edit only Other's entry (raise its locked version): ImageSample's check input is unchanged.
        string edited = lockText.Replace("\"name\": \"Other\",\n      \"version\": \"1.0.0\"", "\"name\": \"Other\",\n      \"version\": \"0.9.0\"", StringComparison.Ordinal);
        Assert.That(edited, Is.Not.EqualTo(lockText));
        driver = driver.ReplaceAdditionalText(lockFile, new TestCompilation.InMemoryAdditionalText(lockFile.Path, edited)).RunGenerators(compilation);
        var run = driver.GetRunResult().Results.Single();

        var entryReasons = Reasons(run, PackableGenerator.TrackingNames.LockEntry);
        Assert.That(entryReasons, Has.Exactly(1).EqualTo(IncrementalStepRunReason.Modified));
        Assert.That(entryReasons, Has.Exactly(1).EqualTo(IncrementalStepRunReason.Unchanged));
        AssertAllReasons(run, PackableGenerator.TrackingNames.Model, IncrementalStepRunReason.Cached);
        var sourceOutputs = run.TrackedOutputSteps["SourceOutput"].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.That(sourceOutputs, Is.Not.Empty.And.None.EqualTo(IncrementalStepRunReason.Modified).And.None.EqualTo(IncrementalStepRunReason.New));
        Assert.That(run.Diagnostics, Is.Empty, "Other's version 1.0.0 is a raise over the locked 0.9.0 with the same fields");
    }

    private static List<IncrementalStepRunReason> Reasons(GeneratorRunResult run, string step)
    {
        Assert.That(run.TrackedSteps.ContainsKey(step), Is.True, $"step {step} was not tracked");
        return run.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
    }

    private static void AssertAllReasons(GeneratorRunResult run, string step, params IncrementalStepRunReason[] allowed)
    {
        var reasons = Reasons(run, step).ToList();
        Assert.That(reasons, Is.Not.Empty, $"step {step} produced no outputs");
        Assert.That(reasons, Is.All.AnyOf(allowed.Cast<object>().ToArray()), $"step {step}");
    }

    private static List<IncrementalStepRunReason> OutputReasons(GeneratorRunResult run)
        => run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
}
