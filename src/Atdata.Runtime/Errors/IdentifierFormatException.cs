namespace Atdata;

/// <summary>
/// A text is not a valid identifier of the kind expected: a CID (<see cref="Cid"/>), a schema reference
/// (<see cref="SchemaRef"/>) or a schema version (<see cref="SchemaVersion"/>).
/// </summary>
public sealed class IdentifierFormatException : AtdataException
{
    private const int MaxQuotedLength = 200;

    internal IdentifierFormatException(string identifierKind, string input, string reason)
        : base($"'{Quote(input)}' is not a valid {identifierKind}: {reason}.")
    {
        IdentifierKind = identifierKind;
        Input = input;
    }

    /// <summary>What was being parsed: <c>CID</c>, <c>schema reference</c> or <c>schema version</c>.</summary>
    public string IdentifierKind { get; }

    /// <summary>The text that was rejected.</summary>
    public string Input { get; }

    private static string Quote(string input)
        => input.Length <= MaxQuotedLength ? input : string.Concat(input.AsSpan(0, MaxQuotedLength), "…");
}
