namespace Atdata.Local.Tests.S3;

/// <summary>A shard source that runs a callback before each shard is opened (given the shard's index), to observe a writer mid-copy.</summary>
internal sealed class ObservedSource(IShardSource inner, Func<int, Task> beforeOpen) : IShardSource
{
    public IReadOnlyList<string> ListShards() => inner.ListShards();

    public async ValueTask<Stream> OpenShardAsync(string shard, CancellationToken cancellationToken = default)
    {
        await beforeOpen(inner.ListShards().ToList().IndexOf(shard));
        return await inner.OpenShardAsync(shard, cancellationToken);
    }

    /// <summary>
    /// <paramref name="count"/> <see cref="TextSample"/>s in local shards of <paramref name="perShard"/> samples,
    /// read through an <see cref="ObservedSource"/>.
    /// </summary>
    public static async Task<Dataset<TextSample>> TextDatasetAsync(string dir, int count, int perShard, Func<int, Task> beforeOpen)
    {
        await using var writer = new ShardWriter(Path.Combine(dir, "input-%06d.tar"), new ShardWriterOptions { MaxCount = perShard });
        for (int i = 0; i < count; i++)
        {
            await writer.WriteAsync(new TextSample($"sample {i}", i), key: $"s{i:D6}");
        }

        await writer.CompleteAsync();
        return new Dataset<TextSample>(new ObservedSource(new FileShardSource(writer.ShardUrls), beforeOpen), string.Join(' ', writer.ShardUrls));
    }

    /// <summary>
    /// Runs <paramref name="write"/> over 15 samples in three input shards and returns how many objects existed under
    /// <paramref name="prefix"/> when the third input shard was opened. With output shards of five samples, a
    /// streaming write has uploaded its first shard by then; one that stages locally has uploaded nothing.
    /// </summary>
    public static async Task<int> ObjectsWhenThirdInputOpensAsync(S3DataStore bucket, string prefix, Func<Dataset<TextSample>, Task> write)
    {
        using var dir = new TempDir();
        int seen = -1;
        var dataset = await TextDatasetAsync(dir.Path, 15, 5, async index =>
        {
            if (index == 2)
            {
                seen = (await S3TestServer.ObjectKeysAsync(bucket, prefix)).Count;
            }
        });
        await write(dataset);
        Assert.That(seen, Is.Not.EqualTo(-1), "the third input shard was opened");
        return seen;
    }
}
