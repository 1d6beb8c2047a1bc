namespace Atdata;

/// <summary>What a dataset does when a shard cannot be read or a sample cannot be decoded.</summary>
/// <remarks>
/// Whatever the policy, cancellation is never swallowed, and exceptions thrown by user code
/// (<c>Where</c>/<c>Select</c> delegates, lenses) always propagate. What was skipped is counted in
/// <see cref="Dataset{T}.Statistics"/>; nothing sleeps or logs.
/// </remarks>
public enum DatasetErrorPolicy
{
    /// <summary>The first error ends the enumeration with that exception (the default, as in webdataset).</summary>
    Throw,

    /// <summary>
    /// A sample that does not decode (<see cref="SampleFormatException"/>) or does not match the schema the dataset
    /// checks (<see cref="SchemaMismatchException"/>) is skipped and counted; a shard that
    /// cannot be opened or is malformed is skipped from that point (samples already read from it stay).
    /// </summary>
    SkipSample,

    /// <summary>Any error, in a sample or in the shard, skips the rest of that shard.</summary>
    SkipShard,
}
