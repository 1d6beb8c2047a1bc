using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Atdata.Generators.Tests.Infrastructure;

/// <summary>
/// Builds compilations against offline reference assemblies (.NET 10 plus Atdata.Runtime) and runs the
/// generator over them with step tracking on. Roslyn 4.8 parses at most C# 12, so sources are C# 12.
/// </summary>
internal static class TestCompilation
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    public static ImmutableArray<MetadataReference> References { get; } = LoadReferences();

    public static CSharpCompilation Create(params string[] sources)
        => Create(ParseOptions, sources);

    /// <summary>
    /// The .NET 10 reference assemblies embedded in Basic.Reference.Assemblies.Net100 (resources named
    /// <c>net100.*</c>), plus the Atdata runtime. The package's own API is compiled against Roslyn 4.11, so it
    /// is not referenced at compile time (the tests run Roslyn 4.8); its resources are read directly.
    /// </summary>
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var assembly = Assembly.Load(new AssemblyName("Basic.Reference.Assemblies.Net100"));
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (string name in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            if (!name.StartsWith("net100.", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            builder.Add(MetadataReference.CreateFromStream(stream, filePath: name["net100.".Length..] + ".dll"));
        }

        builder.Add(MetadataReference.CreateFromFile(typeof(PackableAttribute).Assembly.Location));
        return builder.ToImmutable();
    }

    public static CSharpCompilation Create(CSharpParseOptions options, params string[] sources)
        => CSharpCompilation.Create(
            "TestAssembly",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, options, path: $"Source{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(CSharpParseOptions? options = null)
        => CSharpGeneratorDriver.Create(
            [new PackableGenerator().AsSourceGenerator()],
            parseOptions: options ?? ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once and returns the run result and the output compilation.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(params string[] sources)
    {
        var compilation = Create(sources);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult(), output);
    }

    /// <summary>Runs the generator once with additional files (path, text), for example a schema lock.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(string[] sources, (string Path, string Text)[] additionalFiles)
    {
        var compilation = Create(sources);
        var driver = CreateDriver().AddAdditionalTexts([.. additionalFiles.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text))]);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult(), output);
    }

    /// <summary>An additional file held in memory.</summary>
    public sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
