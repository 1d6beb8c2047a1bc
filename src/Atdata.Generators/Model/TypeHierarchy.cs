using Atdata.Generators.Helpers;

namespace Atdata.Generators.Model;

/// <summary>Where a type is declared: its namespace and the chain of types that contain it, outermost first.</summary>
/// <param name="Namespace">The namespace with keywords escaped, or <see langword="null"/> for the global namespace.</param>
/// <param name="ContainingTypes">The containing type declarations, outermost first.</param>
internal sealed record TypeHierarchy(string? Namespace, EquatableArray<ContainingTypeModel> ContainingTypes);

/// <summary>One containing type, re-declared as <c>partial</c> around the generated code.</summary>
/// <param name="Keyword">The declaration keyword: <c>class</c>, <c>struct</c>, <c>interface</c>, <c>record</c> or <c>record struct</c>.</param>
/// <param name="Name">The type name, escaped with <c>@</c> when it is a C# keyword.</param>
/// <param name="MetadataName">The name without escaping, for hint names.</param>
internal sealed record ContainingTypeModel(string Keyword, string Name, string MetadataName);
