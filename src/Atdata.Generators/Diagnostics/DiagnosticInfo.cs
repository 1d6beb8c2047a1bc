using Atdata.Generators.Helpers;
using Microsoft.CodeAnalysis;

namespace Atdata.Generators.Diagnostics;

/// <summary>
/// A diagnostic waiting to be reported, comparable by value so the parse step's output can be cached. It
/// keeps the real source <see cref="Location"/> so that <c>#pragma warning disable</c> works; it lives
/// beside the model in <c>ParseResult</c>, never inside it.
/// </summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, Location Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location location, params string[] arguments)
        => new(descriptor, location, arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic()
    {
        var args = new object[Arguments.Count];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = Arguments[i];
        }

        return Diagnostic.Create(Descriptor, Location, args);
    }
}
