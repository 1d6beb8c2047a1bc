using Atdata.Generators.Diagnostics;
using Atdata.Generators.Helpers;

namespace Atdata.Generators.Model;

/// <summary>What parsing one <c>[Packable]</c> declaration produced: a model (when the type is usable) and diagnostics.</summary>
internal sealed record ParseResult(PackableModel? Model, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static ParseResult Empty { get; } = new(null, EquatableArray<DiagnosticInfo>.Empty);
}
