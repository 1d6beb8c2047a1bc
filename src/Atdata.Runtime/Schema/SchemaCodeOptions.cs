namespace Atdata;

/// <summary>Options for <see cref="SchemaCodeGenerator.ToCSharp"/>.</summary>
public sealed record SchemaCodeOptions
{
    /// <summary>The namespace of the generated record (a file-scoped declaration), or <see langword="null"/> for the global namespace.</summary>
    public string? Namespace { get; init; }
}
