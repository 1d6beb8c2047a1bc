using Atdata.Generators.Diagnostics;
using Atdata.Generators.Helpers;
using Atdata.Generators.Lock;

namespace Atdata.Generators.Model;

/// <summary>
/// What parsing one <c>[Packable]</c> declaration produced: a model (when the type is usable), diagnostics, and
/// what the schema-lock check needs (the schema and where to report), kept beside the model because it holds locations.
/// </summary>
internal sealed record ParseResult(PackableModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, LockCheckTarget? LockTarget = null)
{
    public static ParseResult Empty { get; } = new(null, EquatableArray<DiagnosticInfo>.Empty);
}
