using System.Globalization;

namespace Atdata.Local;

/// <summary>
/// How one write call names its shards: the object key and the URL recorded for shard <c>n</c>. Python's two S3
/// writers differ only here: <c>S3DataStore</c> writes <c>{prefix}/data--{uuid4}--NNNNNN.tar</c> and returns
/// <c>s3://{bucket}/…</c>; the legacy <c>Repo</c> writes <c>{path}/atdata--{uuid4}--NNNNNN.tar</c> and returns
/// <c>{bucket}/…</c> with no scheme (interop §2.4).
/// </summary>
/// <param name="Bucket">The bucket.</param>
/// <param name="BaseKey">The key up to the shard number, for example <c>train/data--{uuid}--</c>.</param>
/// <param name="Schemeless">Whether URLs are <c>{bucket}/{key}</c> (legacy Repo) rather than <c>s3://{bucket}/{key}</c>.</param>
internal sealed record S3ShardNaming(string Bucket, string BaseKey, bool Schemeless)
{
    /// <summary>The naming of <see cref="S3DataStore.WriteShardsAsync"/>: <c>{prefix}/data--{uuid}--NNNNNN.tar</c>.</summary>
    public static S3ShardNaming Store(string bucket, string prefix, Guid uuid) => new(bucket, $"{prefix}/data--{uuid:D}--", Schemeless: false);

    /// <summary>The legacy Repo naming: <c>{path}/atdata--{uuid}--NNNNNN.tar</c> (at the bucket root when the path is empty).</summary>
    public static S3ShardNaming LegacyRepo(string bucket, string path, Guid uuid)
        => new(bucket, path.Length == 0 ? $"atdata--{uuid:D}--" : $"{path}/atdata--{uuid:D}--", Schemeless: true);

    /// <summary>The object key of shard <paramref name="shard"/> (repeated <c>/</c> collapse, as Python's path normalisation does).</summary>
    public string KeyFor(int shard) => S3ShardSource.NormalizeKey(BaseKey + Number(shard) + ".tar");

    /// <summary>The URL recorded for shard <paramref name="shard"/>: the raw pattern, not normalised (Python records it so).</summary>
    public string UrlFor(int shard) => (Schemeless ? $"{Bucket}/" : $"s3://{Bucket}/") + BaseKey + Number(shard) + ".tar";

    /// <summary>Python's <c>%06d</c>: at least six digits.</summary>
    public static string Number(int shard) => shard.ToString("D6", CultureInfo.InvariantCulture);
}
