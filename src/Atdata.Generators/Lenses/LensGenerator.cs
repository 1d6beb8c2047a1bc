using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Atdata.Generators.Lenses;

/// <summary>
/// Registers every <c>[Lens]</c> and <c>[LensPutter]</c> method of the assembly at compile time: one internal
/// <c>Atdata.Generated.AtdataLenses</c> class whose <c>Register(LensRegistry)</c> creates the delegates, called
/// on <c>LensRegistry.Default</c> by a module initializer. Parsing and emitting live in
/// <see cref="LensParser"/> and <see cref="LensEmitter"/>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class LensGenerator : IIncrementalGenerator
{
    /// <summary>The tracking names of the pipeline steps, for incremental tests.</summary>
    public static class TrackingNames
    {
        /// <summary>One parse result per <c>[Lens]</c> method.</summary>
        public const string Getters = "Atdata.Lens.Getters";

        /// <summary>One parse result per <c>[LensPutter]</c> method.</summary>
        public const string Putters = "Atdata.Lens.Putters";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var getters = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                "Atdata.LensAttribute",
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => LensParser.ParseGetter(ctx, ct))
            .WithTrackingName(TrackingNames.Getters);

        var putters = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                "Atdata.LensPutterAttribute",
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => LensParser.ParsePutter(ctx, ct))
            .WithTrackingName(TrackingNames.Putters);

        context.RegisterSourceOutput(getters.Collect().Combine(putters.Collect()), static (spc, pair) =>
        {
            var (source, diagnostics) = LensEmitter.Generate(pair.Left, pair.Right);
            foreach (var diagnostic in diagnostics)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (source is not null)
            {
                spc.AddSource("Atdata.Generated.AtdataLenses.g.cs", SourceText.From(source, Encoding.UTF8));
            }
        });
    }
}
