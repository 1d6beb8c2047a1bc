using Microsoft.CodeAnalysis;

namespace Atdata.Generators.Diagnostics;

/// <summary>The IDs of the lens generator's diagnostics (ATD0200–ATD0249). Never reuse or renumber an ID.</summary>
internal static class LensDiagnosticIds
{
    public const string LensMustBeStatic = "ATD0200";
    public const string InvalidLensSignature = "ATD0201";
    public const string InvalidPutterSignature = "ATD0202";
    public const string PutterWithoutGetter = "ATD0203";
    public const string LensNotAccessible = "ATD0204";
    public const string GenericLens = "ATD0205";
    public const string DuplicatePutter = "ATD0206";
    public const string DuplicateLens = "ATD0207";
}

/// <summary>The descriptors of the lens generator's diagnostics: <c>{0}</c> is the containing type, <c>{1}</c> the method.</summary>
internal static class LensDiagnosticDescriptors
{
    private const string Usage = "Atdata.Usage";

    public static readonly DiagnosticDescriptor LensMustBeStatic = Create(
        LensDiagnosticIds.LensMustBeStatic,
        title: "Lens method must be static",
        message: "Lens method '{0}.{1}' is not static",
        description: "Declare [Lens] and [LensPutter] methods 'static'; lenses are registered as plain delegates.");

    public static readonly DiagnosticDescriptor InvalidLensSignature = Create(
        LensDiagnosticIds.InvalidLensSignature,
        title: "Lens getter has the wrong signature",
        message: "Lens '{0}.{1}' must take exactly one parameter (the source sample, not ref/out/in) and return the view",
        description: "Write the getter as 'static TView Name(TSource source)'.");

    public static readonly DiagnosticDescriptor InvalidPutterSignature = Create(
        LensDiagnosticIds.InvalidPutterSignature,
        title: "Lens putter does not match its getter",
        message: "Lens putter '{0}.{1}' must be 'static {2} {1}({3} view, {2} source)' to match getter '{4}'",
        description: "A putter takes the view and the original source, and returns the updated source.");

    public static readonly DiagnosticDescriptor PutterWithoutGetter = Create(
        LensDiagnosticIds.PutterWithoutGetter,
        title: "Lens putter names no lens getter",
        message: "Lens putter '{0}.{1}' names '{2}', which is not a [Lens] method of '{0}'",
        description: "Pass nameof(Getter) of a [Lens] method declared in the same type.");

    public static readonly DiagnosticDescriptor LensNotAccessible = Create(
        LensDiagnosticIds.LensNotAccessible,
        title: "Lens method is not accessible",
        message: "Lens method '{0}.{1}' must be internal or public, in types that are internal or public",
        description: "The generated registration calls the method from another class of the assembly.");

    public static readonly DiagnosticDescriptor GenericLens = Create(
        LensDiagnosticIds.GenericLens,
        title: "Generic lenses are not supported",
        message: "Lens method '{0}.{1}' is generic or declared in a generic type",
        description: "Declare one non-generic lens per pair of sample types.");

    public static readonly DiagnosticDescriptor DuplicatePutter = Create(
        LensDiagnosticIds.DuplicatePutter,
        title: "Lens has more than one putter",
        message: "Lens '{0}.{2}' already has a putter; '{1}' is a second one",
        description: "Keep one [LensPutter] per [Lens] getter.");

    public static readonly DiagnosticDescriptor DuplicateLens = Create(
        LensDiagnosticIds.DuplicateLens,
        title: "Two lenses between the same types",
        message: "Lens '{0}.{1}' converts '{2}' to '{3}', as '{4}' already does",
        description: "AsType would not know which to use: keep one lens per pair of types in an assembly.");

    private static DiagnosticDescriptor Create(string id, string title, string message, string description)
        => new(id, title, message, Usage, DiagnosticSeverity.Error, isEnabledByDefault: true, description, DiagnosticDescriptors.HelpLink(id));
}
