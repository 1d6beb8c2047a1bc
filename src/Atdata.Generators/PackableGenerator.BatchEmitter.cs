using System.Collections.Immutable;
using System.Text;
using Atdata.Generators.Helpers;
using Atdata.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Atdata.Generators;

/// <summary>
/// Typed batch accessors: for each <c>[Packable]</c> type, a file of C# 14 extension properties on
/// <c>SampleBatch&lt;T&gt;</c>, one per field (<c>batch.Image</c> stacked, <c>batch.Label</c> as a list). Emitted
/// only when the consumer compiles with C# 14 or later, and only for types reachable from a top-level class.
/// </summary>
public sealed partial class PackableGenerator
{
    /// <summary>The tracking names of the batch accessor steps.</summary>
    public static class BatchTrackingNames
    {
        /// <summary>Whether the consumer's language version has extension members.</summary>
        public const string LanguageVersion = "Atdata.Batch.LanguageVersion";

        /// <summary>The accessibility of every <c>[Packable]</c> type, sorted.</summary>
        public const string Visibility = "Atdata.Batch.Visibility";
    }

    /// <summary>C# 14, the first version with extension blocks (the enum member is newer than the Roslyn we build against).</summary>
    internal const int ExtensionMembersLanguageVersion = 1400;

    private static void RegisterBatchAccessors(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<PackableModel> models)
    {
        var languageOk = context.ParseOptionsProvider
            .Select(static (options, _) => options is CSharpParseOptions cs && (int)cs.LanguageVersion >= ExtensionMembersLanguageVersion)
            .WithTrackingName(BatchTrackingNames.LanguageVersion);

        var visibility = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                "Atdata.PackableAttribute",
                static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, _) => ctx.TargetSymbol is INamedTypeSymbol type ? BatchEmitter.Visibility(type) : string.Empty)
            .Collect()
            .Select(static (items, _) => items.Where(static s => s.Length > 0).OrderBy(static s => s, StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(BatchTrackingNames.Visibility);

        var collisions = models
            .Select(static (model, _) => model.HintName)
            .Collect()
            .Select(static (names, _) => FindCollisions(names));

        context.RegisterSourceOutput(models.Combine(collisions).Combine(languageOk.Combine(visibility)), static (spc, input) =>
        {
            var ((model, hintCollisions), (enabled, visible)) = input;
            if (!enabled || BatchEmitter.Accessibility(visible, model.TypeFqn) is not { } accessibility)
            {
                return;
            }

            string hintName = UniqueHintName(model, hintCollisions);
            hintName = hintName.Substring(0, hintName.Length - ".Packable.g.cs".Length) + ".Batch.g.cs";
            spc.AddSource(hintName, SourceText.From(BatchEmitter.Generate(model, accessibility), Encoding.UTF8));
        });
    }

    /// <summary>Writes the extension block of one type's batch accessors.</summary>
    internal static class BatchEmitter
    {
        // Members of SampleBatch<T> (and object) that an extension property could never shadow.
        private static readonly ImmutableHashSet<string> s_reserved = ImmutableHashSet.Create(
            StringComparer.Ordinal, "Count", "Samples", "Item", "Stack", "Column", "Dispose", "GetEnumerator", "ToString", "Equals", "GetHashCode", "GetType");

        /// <summary><c>public:{fqn}</c> or <c>internal:{fqn}</c>, or empty when no top-level class can name the type.</summary>
        public static string Visibility(INamedTypeSymbol type)
        {
            bool isPublic = true;
            for (var t = type; t is not null; t = t.ContainingType)
            {
                if (t.IsGenericType)
                {
                    return string.Empty;
                }

                switch (t.DeclaredAccessibility)
                {
                    case Microsoft.CodeAnalysis.Accessibility.Public:
                        break;
                    case Microsoft.CodeAnalysis.Accessibility.Internal:
                    case Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal:
                        isPublic = false;
                        break;
                    default:
                        return string.Empty;
                }
            }

            return (isPublic ? "public:" : "internal:") + type.ToFullyQualified();
        }

        public static string? Accessibility(EquatableArray<string> visible, string typeFqn)
        {
            foreach (string entry in visible)
            {
                int colon = entry.IndexOf(':');
                if (string.Equals(entry.Substring(colon + 1), typeFqn, StringComparison.Ordinal))
                {
                    return entry.Substring(0, colon);
                }
            }

            return null;
        }

        public static string Generate(PackableModel model, string accessibility)
        {
            var w = new SourceWriter();
            w.WriteLine("// <auto-generated/>");
            w.WriteLine("#nullable enable annotations");
            w.WriteLine("#nullable disable warnings");
            w.WriteLine("#pragma warning disable CS0612, CS0618, CS1591");
            w.WriteLine();
            if (model.Hierarchy.Namespace is { } ns)
            {
                w.WriteLine("namespace " + ns);
                w.OpenBrace();
            }

            var className = new StringBuilder("__AtdataBatch_");
            foreach (var containing in model.Hierarchy.ContainingTypes)
            {
                className.Append(containing.MetadataName).Append('_');
            }

            className.Append(model.TypeName.TrimStart('@'));
            string batch = "global::Atdata.SampleBatch<" + model.TypeFqn + ">";

            w.WriteLine("/// <summary>Typed field accessors for batches of <see cref=\"" + model.TypeFqn.Replace("global::", string.Empty) + "\"/>.</summary>");
            w.WriteLine("[global::System.CodeDom.Compiler.GeneratedCode(\"Atdata.Generators\", \"" + Emitter.GeneratorVersion + "\")]");
            w.WriteLine(accessibility + " static class " + className);
            w.OpenBrace();
            w.WriteLine("extension(" + batch + " batch)");
            w.OpenBrace();
            bool first = true;
            foreach (var field in model.Fields)
            {
                if (s_reserved.Contains(field.ClrName.TrimStart('@')))
                {
                    continue;
                }

                if (!first)
                {
                    w.WriteLine();
                }

                first = false;
                string wire = SymbolDisplay.FormatLiteral(field.WireName, quote: true);
                var shape = field.Shape;
                if (shape.Kind == WireKind.NdArray && !shape.IsNullable && shape.ArrayElementFqn is { } element)
                {
                    w.WriteLine("/// <summary>Field <c>" + Escape(field.WireName) + "</c> of every sample, stacked into one pooled array of shape (Count, …); cached; disposed with the batch.</summary>");
                    w.WriteLine("/// <exception cref=\"global::Atdata.RaggedBatchException\">The samples' arrays differ in shape.</exception>");
                    w.WriteLine("public global::Atdata.NdArray<" + element + "> " + field.ClrName + " => batch.Stack<" + element + ">(" + wire + ", static __s => __s." + field.ClrName + ");");
                }
                else
                {
                    w.WriteLine("/// <summary>Field <c>" + Escape(field.WireName) + "</c> of every sample, in batch order; cached.</summary>");
                    w.WriteLine("public global::System.Collections.Generic.IReadOnlyList<" + shape.TypeFqn + "> " + field.ClrName + " => batch.Column<" + shape.TypeFqn + ">(" + wire + ", static __s => __s." + field.ClrName + ");");
                }
            }

            w.CloseBrace();
            w.CloseBrace();
            if (model.Hierarchy.Namespace is not null)
            {
                w.CloseBrace();
            }

            return w.ToString();
        }

        private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
