namespace Atdata;

/// <summary>One way in which a sample does not match a <see cref="DynamicSchema"/>.</summary>
public sealed class SchemaProblem
{
    internal SchemaProblem(SchemaProblemKind kind, string fieldName, string path, string expected, string actual, string message)
    {
        Kind = kind;
        FieldName = fieldName;
        Path = path;
        Expected = expected;
        Actual = actual;
        Message = message;
    }

    /// <summary>What kind of problem it is.</summary>
    public SchemaProblemKind Kind { get; }

    /// <summary>The wire name of the sample field concerned.</summary>
    public string FieldName { get; }

    /// <summary>Where exactly: the field name, followed by list indices for items (<c>tags[2]</c>).</summary>
    public string Path { get; }

    /// <summary>What the schema expects, in Python's terms (<c>str</c>, <c>int</c>, <c>ndarray float32</c>, <c>list[str]</c>, …).</summary>
    public string Expected { get; }

    /// <summary>What the sample holds (<c>int 42</c>, <c>None</c>, <c>absent</c>, …).</summary>
    public string Actual { get; }

    /// <summary>A sentence that names the field, for example <c>field 'label': expected str, got int 42</c>.</summary>
    public string Message { get; }

    /// <inheritdoc/>
    public override string ToString() => Message;
}
