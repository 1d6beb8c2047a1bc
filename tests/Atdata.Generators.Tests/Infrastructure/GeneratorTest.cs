using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace Atdata.Generators.Tests.Infrastructure;

/// <summary>
/// The Roslyn source-generator test harness, kept offline: an empty reference set plus
/// Basic.Reference.Assemblies and the Atdata runtime, so nothing is downloaded at test time. Compiler
/// warnings fail tests too, so generated code must compile cleanly.
/// </summary>
internal sealed class GeneratorTest : CSharpSourceGeneratorTest<PackableGenerator, DefaultVerifier>
{
    public GeneratorTest(string source, LanguageVersion languageVersion = LanguageVersion.CSharp12)
    {
        LanguageVersion = languageVersion;
        ReferenceAssemblies = new ReferenceAssemblies("net100-offline");
        TestState.AdditionalReferences.AddRange(TestCompilation.References);
        TestState.Sources.Add(source);
        CompilerDiagnostics = CompilerDiagnostics.Warnings;
    }

    public LanguageVersion LanguageVersion { get; }

    public void AddGeneratedSource(string hintName, string content)
        => TestState.GeneratedSources.Add((typeof(PackableGenerator), hintName, SourceText.From(content, Encoding.UTF8)));

    protected override ParseOptions CreateParseOptions()
        => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion);

    /// <summary>
    /// Documentation comments are parsed and checked (so malformed XML in generated docs fails a test), but
    /// CS1591 is off: the test sources do not document their public members.
    /// </summary>
    protected override CompilationOptions CreateCompilationOptions()
        => ((CSharpCompilationOptions)base.CreateCompilationOptions())
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions([new KeyValuePair<string, ReportDiagnostic>("CS1591", ReportDiagnostic.Suppress)]);
}
