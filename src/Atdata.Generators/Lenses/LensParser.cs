using Atdata.Generators.Diagnostics;
using Atdata.Generators.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Atdata.Generators.Lenses;

/// <summary>Reads <c>[Lens]</c> and <c>[LensPutter]</c> methods into models and diagnostics. Static and pure.</summary>
internal static class LensParser
{
    private static readonly SymbolDisplayFormat s_key = SymbolDisplayFormat.FullyQualifiedFormat;

    public static LensParseResult ParseGetter(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (context.TargetSymbol is not IMethodSymbol method)
        {
            return new LensParseResult(null, null, null, EquatableArray<DiagnosticInfo>.Empty);
        }

        var location = Identifier(context);
        string type = method.ContainingType.Name;
        if (CommonProblem(method, location) is { } problem)
        {
            return new LensParseResult(null, null, location, new[] { problem }.ToEquatableArray());
        }

        if (method.Parameters.Length != 1 || method.Parameters[0].RefKind != RefKind.None || method.ReturnsVoid || method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            return new LensParseResult(null, null, location, new[] { DiagnosticInfo.Create(LensDiagnosticDescriptors.InvalidLensSignature, location, type, method.Name) }.ToEquatableArray());
        }

        var source = method.Parameters[0].Type;
        var getter = new LensGetterModel(
            method.ContainingType.ToFullyQualified(),
            type,
            SymbolExtensions.EscapeIdentifier(method.Name),
            source.ToFullyQualified(),
            method.ReturnType.ToFullyQualified(),
            source.ToDisplayString(s_key),
            method.ReturnType.ToDisplayString(s_key));
        return new LensParseResult(getter, null, location, EquatableArray<DiagnosticInfo>.Empty);
    }

    public static LensParseResult ParsePutter(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (context.TargetSymbol is not IMethodSymbol method)
        {
            return new LensParseResult(null, null, null, EquatableArray<DiagnosticInfo>.Empty);
        }

        var location = Identifier(context);
        if (CommonProblem(method, location) is { } problem)
        {
            return new LensParseResult(null, null, location, new[] { problem }.ToEquatableArray());
        }

        string getter = context.Attributes.Length > 0 && context.Attributes[0].ConstructorArguments.Length == 1
            && context.Attributes[0].ConstructorArguments[0].Value is string name ? name : string.Empty;
        bool shapeOk = method.Parameters.Length == 2 && !method.ReturnsVoid && !method.ReturnsByRef && !method.ReturnsByRefReadonly
            && method.Parameters.All(static p => p.RefKind == RefKind.None);
        var putter = new LensPutterModel(
            method.ContainingType.ToFullyQualified(),
            method.ContainingType.Name,
            SymbolExtensions.EscapeIdentifier(method.Name),
            getter,
            shapeOk ? method.Parameters[0].Type.ToDisplayString(s_key) : string.Empty,
            shapeOk ? method.Parameters[1].Type.ToDisplayString(s_key) : string.Empty,
            shapeOk ? method.ReturnType.ToDisplayString(s_key) : string.Empty);
        return new LensParseResult(null, putter, location, EquatableArray<DiagnosticInfo>.Empty);
    }

    private static DiagnosticInfo? CommonProblem(IMethodSymbol method, Location location)
    {
        string type = method.ContainingType.Name;
        if (!method.IsStatic)
        {
            return DiagnosticInfo.Create(LensDiagnosticDescriptors.LensMustBeStatic, location, type, method.Name);
        }

        if (method.IsGenericMethod || IsInGenericType(method.ContainingType))
        {
            return DiagnosticInfo.Create(LensDiagnosticDescriptors.GenericLens, location, type, method.Name);
        }

        if (!IsReachable(method))
        {
            return DiagnosticInfo.Create(LensDiagnosticDescriptors.LensNotAccessible, location, type, method.Name);
        }

        return null;
    }

    private static bool IsInGenericType(INamedTypeSymbol? type)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.IsGenericType)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsReachable(ISymbol symbol)
    {
        for (ISymbol? s = symbol; s is not null and not INamespaceSymbol; s = s.ContainingType)
        {
            if (s.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }

    private static Location Identifier(GeneratorAttributeSyntaxContext context)
        => context.TargetNode is MethodDeclarationSyntax method ? method.Identifier.GetLocation() : context.TargetNode.GetLocation();
}
