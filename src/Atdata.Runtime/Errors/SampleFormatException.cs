namespace Atdata;

/// <summary>
/// A sample's bytes are not a valid encoding of the requested type: malformed msgpack, a wrong value type,
/// a missing required field, trailing bytes, excessive nesting, a length that runs past the input, or a
/// malformed array payload.
/// </summary>
/// <remarks>
/// Raised before any allocation that a header merely declares. <see cref="Offset"/> is the byte offset,
/// within the sample (or array payload) being decoded, at which the problem was found.
/// </remarks>
public sealed class SampleFormatException : AtdataException
{
    internal SampleFormatException(SampleFormatError error, string message, long offset, string? fieldName, Exception? innerException = null)
        : base(Compose(message, offset, fieldName), innerException)
    {
        Error = error;
        Offset = offset;
        FieldName = fieldName;
    }

    /// <summary>What kind of problem was found.</summary>
    public SampleFormatError Error { get; }

    /// <summary>The byte offset at which the problem was found, or -1 when it concerns the whole input.</summary>
    public long Offset { get; }

    /// <summary>The wire name of the field being decoded, when known.</summary>
    public string? FieldName { get; }

    private static string Compose(string message, long offset, string? fieldName)
    {
        var where = offset >= 0 ? $" at byte offset {offset}" : string.Empty;
        return fieldName is null ? message + where : $"{message} (field '{fieldName}'){where}";
    }
}
