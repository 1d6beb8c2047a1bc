using Atdata.Generators.Diagnostics;
using Atdata.Generators.Helpers;
using Microsoft.CodeAnalysis;

namespace Atdata.Generators.Lenses;

/// <summary>One valid <c>[Lens]</c> getter.</summary>
/// <param name="ContainingFqn">The declaring type, fully qualified.</param>
/// <param name="ContainingName">The declaring type's name, for messages.</param>
/// <param name="Method">The method name (escaped when a keyword).</param>
/// <param name="SourceFqn">The parameter type, fully qualified (annotations kept).</param>
/// <param name="ViewFqn">The return type, fully qualified.</param>
/// <param name="SourceKey">The parameter type without nullable annotations, to compare lenses.</param>
/// <param name="ViewKey">The return type without nullable annotations.</param>
internal sealed record LensGetterModel(string ContainingFqn, string ContainingName, string Method, string SourceFqn, string ViewFqn, string SourceKey, string ViewKey);

/// <summary>One <c>[LensPutter]</c> method, before it is matched with its getter.</summary>
/// <param name="ContainingFqn">The declaring type, fully qualified.</param>
/// <param name="ContainingName">The declaring type's name, for messages.</param>
/// <param name="Method">The method name.</param>
/// <param name="Getter">The getter it names.</param>
/// <param name="ViewKey">The first parameter's type, without annotations (empty when the shape is wrong).</param>
/// <param name="SourceKey">The second parameter's type, without annotations.</param>
/// <param name="ReturnKey">The return type, without annotations.</param>
internal sealed record LensPutterModel(string ContainingFqn, string ContainingName, string Method, string Getter, string ViewKey, string SourceKey, string ReturnKey);

/// <summary>
/// What parsing one attributed method gives: a getter or putter when usable, and the diagnostics. The
/// <see cref="Location"/> (for the diagnostics only a whole-assembly check can decide) stays out of the models.
/// </summary>
internal sealed record LensParseResult(LensGetterModel? Getter, LensPutterModel? Putter, Location? Location, EquatableArray<DiagnosticInfo> Diagnostics);
