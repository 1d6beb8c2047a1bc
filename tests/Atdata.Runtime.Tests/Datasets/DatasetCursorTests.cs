using NUnit.Framework;

namespace Atdata.Runtime.Tests.Datasets;

/// <summary>A saved cursor resumes with exactly the rest of the stream, without reopening consumed shards.</summary>
public class DatasetCursorTests
{
    private static async Task<(MemoryShardSource Source, Dataset<DsSample> Dataset)> BuildAsync()
    {
        var source = await DatasetTestData.BuildAsync(shards: 6, perShard: 10);
        return (source, new Dataset<DsSample>(source));
    }

    private static async Task<(List<long> First, string Saved)> ReadSomeAsync(IAsyncEnumerable<DsSample> stream, DatasetCursor cursor, int count)
    {
        var first = new List<long>();
        await foreach (var s in stream)
        {
            first.Add(s.Id);
            if (first.Count == count)
            {
                break;
            }
        }

        return (first, cursor.ToString());
    }

    [TestCase(1)]
    [TestCase(10)]
    [TestCase(25)]
    [TestCase(59)]
    [TestCase(60)]
    public async Task Ordered_resume_equals_the_rest(int consumed)
    {
        var (source, dataset) = await BuildAsync();
        var all = (await dataset.Ordered().CollectAsync()).Ids();
        var cursor = new DatasetCursor();
        var (first, saved) = await ReadSomeAsync(dataset.WithCursor(cursor).Ordered(), cursor, consumed);
        Assert.That(first, Is.EqualTo(all.Take(consumed)));

        int openedBefore = source.Opened;
        var resumed = (await dataset.WithCursor(DatasetCursor.Parse(saved)).Ordered().CollectAsync()).Ids();
        Assert.That(resumed, Is.EqualTo(all.Skip(consumed)));
        int remainingShards = 6 - (consumed / 10);
        Assert.That(source.Opened - openedBefore, Is.LessThanOrEqualTo(remainingShards), "consumed shards are not reopened");
    }

    [TestCase(0)]
    [TestCase(5)]
    [TestCase(17)]
    [TestCase(40)]
    [TestCase(59)]
    public async Task Shuffled_resume_equals_the_rest(int consumed)
    {
        var (_, dataset) = await BuildAsync();
        var all = (await dataset.Shuffled(bufferShards: 4, bufferSamples: 12, seed: 9).CollectAsync()).Ids();
        var cursor = new DatasetCursor();
        var (first, saved) = consumed == 0
            ? ([], cursor.ToString())
            : await ReadSomeAsync(dataset.WithCursor(cursor).Shuffled(bufferShards: 4, bufferSamples: 12, seed: 9), cursor, consumed);
        Assert.That(first, Is.EqualTo(all.Take(consumed)));
        var resumed = (await dataset.WithCursor(DatasetCursor.Parse(saved)).Shuffled(bufferShards: 4, bufferSamples: 12, seed: 9).CollectAsync()).Ids();
        Assert.That(resumed, Is.EqualTo(all.Skip(consumed)));
    }

    [Test]
    public async Task Batched_query_with_Take_resumes_where_it_stopped()
    {
        var (_, dataset) = await BuildAsync();
        var query = dataset.Where(s => s.Id % 3 != 0).Take(20);
        var all = (await query.Shuffled(batchSize: 4, bufferSamples: 8, seed: 5).CollectAsync()).SelectMany(b => b.Samples).Ids();
        Assert.That(all, Has.Count.EqualTo(20));

        var cursor = new DatasetCursor();
        var first = new List<long>();
        await foreach (var batch in query.WithCursor(cursor).Shuffled(batchSize: 4, bufferSamples: 8, seed: 5))
        {
            first.AddRange(batch.Samples.Ids());
            if (first.Count == 8)
            {
                break;
            }
        }

        byte[] saved = cursor.ToBytes();
        var rest = (await query.WithCursor(DatasetCursor.FromBytes(saved)).Shuffled(batchSize: 4, bufferSamples: 8, seed: 5).CollectAsync()).SelectMany(b => b.Samples).Ids();
        Assert.That(first.Concat(rest), Is.EqualTo(all));
    }

    [Test]
    public async Task A_cursor_keeps_moving_across_resumes_and_ends_empty()
    {
        var (_, dataset) = await BuildAsync();
        var cursor = new DatasetCursor();
        Assert.That(cursor.IsStarted, Is.False);
        var ids = new List<long>();
        for (int round = 0; round < 10; round++)
        {
            cursor = DatasetCursor.Parse(cursor.ToString());
            ids.AddRange((await dataset.WithCursor(cursor).Ordered().CollectAsync(limit: 7)).Ids());
        }

        Assert.That(ids, Is.EqualTo(Enumerable.Range(0, 60).Select(i => (long)i)));
        Assert.That(await dataset.WithCursor(cursor).Ordered().CollectAsync(), Is.Empty);
    }

    [Test]
    public async Task A_cursor_from_another_dataset_mode_or_seed_is_refused()
    {
        var (_, dataset) = await BuildAsync();
        var cursor = new DatasetCursor();
        _ = await dataset.WithCursor(cursor).Ordered().CollectAsync(limit: 3);
        Assert.That(async () => await dataset.WithCursor(cursor).Shuffled(seed: 1).CollectAsync(), Throws.ArgumentException);
        Assert.That(async () => await dataset.Partition(0, 2).WithCursor(cursor).Ordered().CollectAsync(), Throws.ArgumentException);
        Assert.That(async () => await dataset.Take(3).WithCursor(cursor).Ordered().CollectAsync(), Throws.ArgumentException);

        var shuffled = new DatasetCursor();
        _ = await dataset.WithCursor(shuffled).Shuffled(seed: 1).CollectAsync(limit: 3);
        Assert.That(async () => await dataset.WithCursor(shuffled).Shuffled(seed: 2).CollectAsync(), Throws.ArgumentException);
        Assert.Throws<FormatException>(() => DatasetCursor.Parse("nonsense"));
        Assert.Throws<FormatException>(() => DatasetCursor.FromBytes([1, 0, 1]));
    }
}
