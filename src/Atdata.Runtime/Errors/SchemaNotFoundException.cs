namespace Atdata;

/// <summary>No schema is stored under the requested reference's <c>Name@version</c>.</summary>
public sealed class SchemaNotFoundException : AtdataException
{
    internal SchemaNotFoundException(string schemaRef)
        : base($"No schema is stored for '{schemaRef}'.")
    {
        SchemaRef = schemaRef;
    }

    /// <summary>The reference looked up.</summary>
    public string SchemaRef { get; }
}
