namespace Atdata;

/// <summary>No registered lens, and no chain of registered lenses, leads from the source type to the view type.</summary>
public sealed class LensNotFoundException : AtdataException
{
    internal LensNotFoundException(string sourceType, string viewType)
        : base($"No lens from '{sourceType}' to '{viewType}': declare a [Lens] method 'static {viewType} Name({sourceType} source)' (or a chain of them) in an assembly that uses the Atdata generator, or register one with LensRegistry.Register.")
    {
        SourceType = sourceType;
        ViewType = viewType;
    }

    /// <summary>The source sample type's name.</summary>
    public string SourceType { get; }

    /// <summary>The requested view type's name.</summary>
    public string ViewType { get; }
}
