using System.Collections.Immutable;
using System.Text;
using Atdata.Generators;
using Atdata.Generators.Lenses;
using Atdata.Local;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Atdata.Docs.Tests;

/// <summary>
/// Compiles documentation snippets as a user's program would be compiled: C# 14, nullable on, the Atdata
/// generators running, references to the .NET 10 reference assemblies, Atdata.Runtime, Atdata.Local and the
/// libraries their public API exposes. Snippets assume the usings of <see cref="AssumedUsings"/>.
/// </summary>
internal static class DocCompiler
{
    /// <summary>What every snippet may assume (the SDK's implicit usings plus Atdata's namespaces).</summary>
    public const string AssumedUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Atdata;
        global using Atdata.Local;
        """;

    private static readonly CSharpParseOptions Parse = new(LanguageVersion.CSharp14);

    /// <summary>Warnings that snippets may raise: a snippet shows a call, and need not use what it assigns.</summary>
    private static readonly string[] AllowedWarnings = ["CS0168", "CS0219", "CS8321", "CS1998", "CS4014"];

    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. Basic.Reference.Assemblies.Net100.References.All,
        MetadataReference.CreateFromFile(typeof(PackableAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(LocalIndex).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(StackExchange.Redis.ConnectionMultiplexer).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(System.Numerics.Tensors.Tensor).Assembly.Location),
    ];

    /// <summary>Whether a snippet parses as C# (for blocks that show generated code or API shapes).</summary>
    public static IReadOnlyList<string> ParseErrors(CodeBlock block)
        => CSharpSyntaxTree.ParseText(block.Code, Parse).GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{block.Page}:{block.Line + d.Location.GetLineSpan().StartLinePosition.Line}: {d.Id} {d.GetMessage()}")
            .ToList();

    /// <summary>The diagnostics that make a snippet fail: errors, and warnings other than the allowed ones.</summary>
    public static IReadOnlyList<Diagnostic> Failures(IEnumerable<Diagnostic> diagnostics)
        => diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error
                                  || (d.Severity == DiagnosticSeverity.Warning && !AllowedWarnings.Contains(d.Id)))
            .ToList();

    /// <summary>
    /// Compiles <paramref name="blocks"/> of one page, after its prelude, as one program, the way a reader reads the page:
    /// the blocks' statements in page order in one scope (a later block uses what an earlier one declared), their
    /// type declarations after them, their usings hoisted. Returns every
    /// diagnostic (info and up) of the compiler and the generators, located at its page and line.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Compile(string page, IReadOnlyList<CodeBlock> blocks, (string Code, int Line)? prelude,
        IReadOnlyList<(string Name, string Text)>? additionalFiles = null, LanguageVersion languageVersion = LanguageVersion.CSharp14)
    {
        var parse = Parse.WithLanguageVersion(languageVersion);
        var usings = new StringBuilder();
        var statements = new StringBuilder();
        var members = new StringBuilder();
        if (prelude is { } p)
        {
            Split(p.Code, page, p.Line, usings, statements, members);
        }

        foreach (var block in blocks)
        {
            Split(block.Code, page, block.Line, usings, statements, members);
        }

        string program = usings.ToString() + statements + "\n#line default\n" + members;
        var compilation = CSharpCompilation.Create(
            "DocSnippets",
            [CSharpSyntaxTree.ParseText(AssumedUsings, parse, path: "AssumedUsings.cs"), CSharpSyntaxTree.ParseText(program, parse, path: page)],
            References,
            new CSharpCompilationOptions(statements.Length > 0 ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new PackableGenerator().AsSourceGenerator(), new LensGenerator().AsSourceGenerator()],
            (additionalFiles ?? []).Select(f => (AdditionalText)new InMemoryText(f.Name, f.Text)),
            parse);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return generatorDiagnostics.Concat(output.GetDiagnostics()).Where(d => d.Severity >= DiagnosticSeverity.Info).ToList();
    }

    /// <summary>Formats diagnostics with their page and line for a failure message.</summary>
    public static string Describe(IEnumerable<Diagnostic> diagnostics)
        => string.Join("\n", diagnostics.Select(d =>
        {
            var span = d.Location.GetMappedLineSpan();
            return $"{span.Path}:{span.StartLinePosition.Line + 1}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        }));

    private static void Split(string code, string page, int line, StringBuilder usings, StringBuilder statements, StringBuilder members)
    {
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, Parse).GetRoot();
        foreach (var u in root.Usings)
        {
            usings.Append(Mapped(u, page, line)).Append('\n');
        }

        var globals = root.Members.OfType<GlobalStatementSyntax>().ToList();
        foreach (var g in globals)
        {
            statements.Append(Mapped(g, page, line)).Append('\n');
        }

        foreach (var m in root.Members.Where(m => m is not GlobalStatementSyntax))
        {
            members.Append(Mapped(m, page, line)).Append('\n');
        }
    }

    /// <summary>A node's text preceded by a <c>#line</c> directive, so diagnostics point at the Markdown page.</summary>
    private static string Mapped(SyntaxNode node, string page, int firstLine)
    {
        // The full span starts where the node's leading trivia (its comments) starts, which is the text kept.
        int lineInBlock = node.SyntaxTree.GetLineSpan(node.FullSpan).StartLinePosition.Line;
        return $"#line {firstLine + lineInBlock} \"{page}\"\n{node.ToFullString()}";
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
