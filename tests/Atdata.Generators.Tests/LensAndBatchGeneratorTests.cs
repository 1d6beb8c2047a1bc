using System.Collections.Immutable;
using Atdata.Generators.Lenses;
using Atdata.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;

namespace Atdata.Generators.Tests;

/// <summary>
/// The lens registration and the C# 14 batch accessors. Roslyn 4.8 cannot parse extension blocks, so batch
/// accessors are only checked as text here; tests/Atdata.Runtime.Tests compiles and runs them.
/// </summary>
[TestFixture]
public sealed class LensAndBatchGeneratorTests
{
    private const string Samples = """
        using Atdata;
        namespace Lab;
        [Packable] public partial record ImageSample(NdArray<float> Image, string Label, int Count);
        [Packable] public partial record Simple(string Label);
        [Packable] internal partial record Hidden(NdArray<double> Data);
        """;

    private static (ImmutableArray<Diagnostic> Diagnostics, Dictionary<string, string> Sources) RunLens(string source)
    {
        var compilation = TestCompilation.Create(Samples, source);
        var driver = CSharpGeneratorDriver.Create([new LensGenerator().AsSourceGenerator()], parseOptions: TestCompilation.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = driver.GetRunResult();
        Assert.That(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("ATD", StringComparison.Ordinal)), Is.Empty);
        return (result.Diagnostics, result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString()));
    }

    [Test]
    public void Lenses_are_registered_with_their_putters()
    {
        var (diagnostics, sources) = RunLens("""
            using Atdata;
            namespace Lab;
            public static class MyLenses
            {
                [Lens] public static Simple Simplify(ImageSample src) => new(src.Label);
                [LensPutter(nameof(Simplify))]
                public static ImageSample SimplifyPut(Simple view, ImageSample src) => src with { Label = view.Label };
            }
            """);
        Assert.That(diagnostics, Is.Empty);
        string text = sources["Atdata.Generated.AtdataLenses.g.cs"];
        Assert.That(text, Does.Contain("[global::System.Runtime.CompilerServices.ModuleInitializer]"));
        Assert.That(text, Does.Contain("registry.Register<global::Lab.ImageSample, global::Lab.Simple>(\"Lab.MyLenses.Simplify\", static __source => global::Lab.MyLenses.Simplify(__source), static (__view, __source) => global::Lab.MyLenses.SimplifyPut(__view, __source));"));
    }

    [Test]
    public void No_lenses_no_output()
        => Assert.That(RunLens("namespace Lab; public static class Nothing { }").Sources, Is.Empty);

    [TestCase("[Lens] public Simple Get(ImageSample src) => new(src.Label);", "ATD0200")]
    [TestCase("[Lens] public static Simple Get(ImageSample src, int x) => new(src.Label);", "ATD0201")]
    [TestCase("[Lens] public static void Get(ImageSample src) { }", "ATD0201")]
    [TestCase("[Lens] public static Simple Get(ImageSample src) => new(src.Label); [LensPutter(nameof(Get))] public static ImageSample Put(ImageSample src, Simple v) => src;", "ATD0202")]
    [TestCase("[LensPutter(\"Missing\")] public static ImageSample Put(Simple v, ImageSample src) => src;", "ATD0203")]
    [TestCase("[Lens] private static Simple Get(ImageSample src) => new(src.Label);", "ATD0204")]
    [TestCase("[Lens] public static Simple Get<T>(ImageSample src) => new(src.Label);", "ATD0205")]
    [TestCase("[Lens] public static Simple Get(ImageSample src) => new(src.Label); [LensPutter(nameof(Get))] public static ImageSample P1(Simple v, ImageSample s) => s; [LensPutter(nameof(Get))] public static ImageSample P2(Simple v, ImageSample s) => s;", "ATD0206")]
    [TestCase("[Lens] public static Simple A(ImageSample src) => new(src.Label); [Lens] public static Simple B(ImageSample src) => new(src.Label);", "ATD0207")]
    public void Lens_diagnostics(string members, string id)
    {
        var (diagnostics, _) = RunLens("using Atdata; namespace Lab; public class L { " + members + " }");
        Assert.That(diagnostics.Select(d => d.Id), Is.EqualTo(new[] { id }));
        Assert.That(diagnostics[0].Location.IsInSource, Is.True);
        Assert.That(diagnostics[0].Descriptor.HelpLinkUri, Does.EndWith("docs/diagnostics/" + id + ".md"));
    }

    [Test]
    public void Batch_accessors_are_emitted_only_for_CSharp_14()
    {
        var compilation = TestCompilation.Create(Samples);
        Dictionary<string, string> Generate(LanguageVersion version)
        {
            var driver = CSharpGeneratorDriver.Create([new PackableGenerator().AsSourceGenerator()], parseOptions: new CSharpParseOptions(version))
                .RunGenerators(compilation);
            return driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        }

        Assert.That(Generate(LanguageVersion.CSharp12).Keys, Has.None.EndsWith(".Batch.g.cs"));
        var sources = Generate((LanguageVersion)PackableGenerator.ExtensionMembersLanguageVersion);
        string image = sources["Lab.ImageSample.Batch.g.cs"];
        Assert.That(image, Does.Contain("public static class __AtdataBatch_ImageSample"));
        Assert.That(image, Does.Contain("extension(global::Atdata.SampleBatch<global::Lab.ImageSample> batch)"));
        Assert.That(image, Does.Contain("public global::Atdata.NdArray<float> Image => batch.Stack<float>(\"image\", static __s => __s.Image);"));
        Assert.That(image, Does.Contain("public global::System.Collections.Generic.IReadOnlyList<string> Label => batch.Column<string>(\"label\", static __s => __s.Label);"));
        Assert.That(image, Does.Not.Contain(" Count =>"), "a field named like a SampleBatch member is left out");
        Assert.That(sources["Lab.Hidden.Batch.g.cs"], Does.Contain("internal static class __AtdataBatch_Hidden"));
    }
}
