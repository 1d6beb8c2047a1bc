namespace Atdata;

/// <summary>
/// A sample ready for a WebDataset shard (Python's <c>sample.as_wds</c>): its key and its msgpack bytes,
/// written as the tar member <c>{Key}.msgpack</c>.
/// </summary>
/// <param name="Key">The sample key; contains no <c>.</c>, <c>/</c> or control characters.</param>
/// <param name="Msgpack">The sample's msgpack bytes.</param>
public sealed record WdsSample(string Key, byte[] Msgpack);
