namespace Atdata;

/// <summary>Which of the three local schema-reference spellings a <see cref="SchemaRef"/> uses.</summary>
/// <remarks>
/// The spelling matters beyond parsing: a dataset entry's CID covers the exact reference text, so the same
/// shards indexed under two spellings get two CIDs.
/// </remarks>
public enum SchemaRefSpelling
{
    /// <summary><c>atdata://local/sampleSchema/{Name}@{version}</c>: written by Python 2026-01-20 → v0.3.0b2, and by this SDK.</summary>
    SampleSchema,

    /// <summary><c>atdata://local/schema/{Name}@{version}</c>: written by Python v0.3.1b1 and later.</summary>
    Schema,

    /// <summary><c>local://schemas/{module.Name}@{version}</c>: written by Python up to v0.2.3b1; the module is dropped from the name.</summary>
    LegacyLocal,
}
