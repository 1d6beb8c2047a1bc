namespace Atdata;

/// <summary>How strictly a <see cref="DynamicSchema"/> checks samples.</summary>
public sealed record DynamicSchemaOptions
{
    /// <summary>The defaults: unknown fields allowed, dtypes descriptive.</summary>
    public static DynamicSchemaOptions Default { get; } = new();

    /// <summary>
    /// Whether a sample may hold fields the schema does not list. <see langword="true"/> by default, as
    /// Python's <c>DictSample</c> keeps every key. Python's typed read (<c>T(**dict)</c>) rejects unknown keys;
    /// set this to <see langword="false"/> to check what a typed Python reader would accept.
    /// </summary>
    public bool AllowUnknownFields { get; init; } = true;

    /// <summary>
    /// Whether an array's dtype (and, when the schema gives one, its shape) must match the schema.
    /// <see langword="false"/> by default: Python treats the schema dtype as descriptive only, so the payload must
    /// merely be a valid array.
    /// </summary>
    public bool StrictDType { get; init; }
}
