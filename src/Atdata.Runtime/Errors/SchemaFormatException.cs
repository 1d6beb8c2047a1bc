namespace Atdata;

/// <summary>
/// A schema record is malformed or unusable: invalid JSON, a missing or mistyped key, an unknown primitive, a
/// record-format version this SDK does not read (<c>atdataSchemaVersion</c> &gt; 1), or a schema that cannot be
/// turned into a sample type (for example a <c>ref</c> field, which Python atdata cannot rebuild either).
/// </summary>
public sealed class SchemaFormatException : AtdataException
{
    internal SchemaFormatException(string message, string? path = null, Exception? innerException = null)
        : base(path is null ? message : $"{message} (at {path})", innerException)
    {
        Path = path;
    }

    /// <summary>Where in the record the problem is, for example <c>fields[2].fieldType</c>, when known.</summary>
    public string? Path { get; }
}
