using Microsoft.CodeAnalysis;

namespace Atdata.Generators;

/// <summary>Placeholder wiring replaced by the generator work.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class PackableGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
