namespace Atdata.Generators.Model;

/// <summary>One argument of the primary constructor call in the generated reader.</summary>
/// <param name="FieldIndex">The index of the serialized field that supplies it, or -1 for an ignored parameter (passed <c>default</c>).</param>
/// <param name="TypeFqn">The parameter type, for the <c>default</c> of an ignored parameter.</param>
internal sealed record ConstructorArgumentModel(int FieldIndex, string TypeFqn);
