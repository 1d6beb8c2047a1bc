using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Atdata.Generators.Helpers;

/// <summary>Symbol and syntax helpers used by the parser. Lookups compare names, never resolve types by string.</summary>
internal static class SymbolExtensions
{
    /// <summary><c>global::</c>-qualified, keywords escaped, nullable reference annotations kept.</summary>
    public static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly SymbolDisplayFormat s_namespaceFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    private static readonly SymbolDisplayFormat s_plainNamespaceFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces);

    public static string ToFullyQualified(this ITypeSymbol type) => type.ToDisplayString(FullyQualified);

    /// <summary>The namespace as code (keywords escaped), or <see langword="null"/> for the global namespace.</summary>
    public static string? ToNamespaceCode(this INamespaceSymbol ns)
        => ns.IsGlobalNamespace ? null : ns.ToDisplayString(s_namespaceFormat);

    /// <summary>The namespace as plain text (no escaping), or an empty string for the global namespace.</summary>
    public static string ToNamespaceText(this INamespaceSymbol ns)
        => ns.IsGlobalNamespace ? string.Empty : ns.ToDisplayString(s_plainNamespaceFormat);

    /// <summary>An identifier as code: prefixed with <c>@</c> when it is a C# keyword or contextual keyword.</summary>
    public static string EscapeIdentifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None
            ? "@" + name
            : name;

    /// <summary>Whether <paramref name="type"/> is the named type <paramref name="ns"/>.<paramref name="metadataName"/> (top level).</summary>
    public static bool Is(this ITypeSymbol type, string ns, string metadataName)
        => type.MetadataName == metadataName && type.ContainingType is null && type.ContainingNamespace.Is(ns);

    /// <summary>Whether <paramref name="symbol"/> is the namespace with the dotted name <paramref name="name"/>.</summary>
    public static bool Is(this INamespaceSymbol? symbol, string name)
    {
        int end = name.Length;
        while (end > 0)
        {
            int dot = name.LastIndexOf('.', end - 1);
            string part = name.Substring(dot + 1, end - dot - 1);
            if (symbol is null || symbol.IsGlobalNamespace || symbol.Name != part)
            {
                return false;
            }

            symbol = symbol.ContainingNamespace;
            end = dot < 0 ? 0 : dot;
        }

        return symbol is not null && symbol.IsGlobalNamespace;
    }

    /// <summary>Whether any declaration of the type carries the <c>partial</c> modifier.</summary>
    public static bool IsDeclaredPartial(this INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The attribute of the given class on <paramref name="symbol"/>, if any.</summary>
    public static AttributeData? FindAttribute(this ISymbol symbol, string ns, string metadataName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } cls && cls.Is(ns, metadataName))
            {
                return attribute;
            }
        }

        return null;
    }
}
