using System.Runtime.CompilerServices;

namespace Atdata;

/// <summary>One decoded sample and where it came from (global shard index, position in the shard).</summary>
internal readonly record struct DatasetItem<T>(int Shard, long Index, T Value);

/// <summary>
/// The read loops behind <c>Ordered</c> and <c>Shuffled</c>: shards read through <see cref="ShardPump{T}"/>s
/// (the current one plus <see cref="DatasetOptions.PrefetchShards"/> ahead), and the two-level shuffle. Each
/// loop updates the <see cref="IterationProgress"/> before it yields, so a cursor saved between items is exact.
/// </summary>
internal static class DatasetEngine
{
    /// <summary>The shards of <paramref name="root"/> in read order, starting at the progress's position.</summary>
    public static async IAsyncEnumerable<DatasetItem<T>> Sequential<T>(
        DatasetRoot<T> root, int[] plan, IterationProgress progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int prefetch = root.Options.PrefetchShards;
        int startPosition = progress.Position;
        long startSkip = progress.NextSample;
        int nextToStart = startPosition;
        var pumps = new Queue<ShardPump<T>>();
        try
        {
            for (int pos = startPosition; pos < plan.Length; pos++)
            {
                while (nextToStart < plan.Length && nextToStart <= pos + prefetch)
                {
                    long skip = nextToStart == startPosition ? startSkip : 0;
                    pumps.Enqueue(new ShardPump<T>(root, plan[nextToStart], skip, null, cancellationToken).Start());
                    nextToStart++;
                }

                var pump = pumps.Dequeue();
                await using (pump.ConfigureAwait(false))
                {
                    var reader = pump.Reader;
                    while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        while (reader.TryRead(out var chunk))
                        {
                            for (int i = 0; i < chunk.Count; i++)
                            {
                                bool endOfShard = chunk.IsLast && i == chunk.Count - 1;
                                progress.Position = endOfShard ? pos + 1 : pos;
                                progress.NextSample = endOfShard ? 0 : chunk.Indices[i] + 1;
                                yield return new DatasetItem<T>(plan[pos], chunk.Indices[i], chunk.Values[i]);
                            }

                            if (chunk.IsLast)
                            {
                                progress.Position = pos + 1;
                                progress.NextSample = 0;
                            }
                        }
                    }

                    await pump.Completion.ConfigureAwait(false);
                    pump.ThrowIfFailed();
                }
            }
        }
        finally
        {
            while (pumps.Count > 0)
            {
                await pumps.Dequeue().DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Two-level shuffle: the shard order through a buffer of <c>BufferShards</c>, the samples through a buffer of <c>BufferSamples</c>.</summary>
    public static async IAsyncEnumerable<DatasetItem<T>> Shuffled<T>(
        DatasetRoot<T> root, IterationProgress progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int[] plan = ShardOrder(root.Selected, progress.BufferShards, progress.Seed);
        int capacity = progress.BufferSamples;
        var buffer = new List<DatasetItem<T>>(Math.Min(capacity, 4096));
        if (progress.SavedBuffer is { Length: > 0 } saved)
        {
            await RefillAsync(root, saved, buffer, cancellationToken).ConfigureAwait(false);
        }

        progress.SavedBuffer = null;
        progress.LiveBuffer = () => Identities(buffer);
        try
        {
            await foreach (var item in Sequential(root, plan, progress, cancellationToken).ConfigureAwait(false))
            {
                if (buffer.Count < capacity)
                {
                    buffer.Add(item);
                    continue;
                }

                var random = new ShuffleRandom(progress.Random);
                int r = random.Next(capacity);
                progress.Random = random.State;
                var picked = buffer[r];
                buffer[r] = item;
                yield return picked;
            }

            while (buffer.Count > 0)
            {
                var random = new ShuffleRandom(progress.Random);
                int r = random.Next(buffer.Count);
                progress.Random = random.State;
                var picked = buffer[r];
                buffer[r] = buffer[^1];
                buffer.RemoveAt(buffer.Count - 1);
                yield return picked;
            }
        }
        finally
        {
            progress.SavedBuffer = Identities(buffer);
            progress.LiveBuffer = null;
        }
    }

    /// <summary>The initial generator state of the sample buffer for a seed.</summary>
    public static ulong InitialRandom(long seed) => ShuffleRandom.Mix(seed, 2);

    /// <summary>The shard read order for a seed: the selected shards through a shuffle buffer of <paramref name="bufferShards"/>.</summary>
    public static int[] ShardOrder(int[] selected, int bufferShards, long seed)
    {
        var random = new ShuffleRandom(ShuffleRandom.Mix(seed, 1));
        var order = new List<int>(selected.Length);
        var buffer = new List<int>(Math.Min(bufferShards, selected.Length));
        foreach (int shard in selected)
        {
            if (buffer.Count < bufferShards)
            {
                buffer.Add(shard);
                continue;
            }

            int r = random.Next(bufferShards);
            order.Add(buffer[r]);
            buffer[r] = shard;
        }

        while (buffer.Count > 0)
        {
            int r = random.Next(buffer.Count);
            order.Add(buffer[r]);
            buffer[r] = buffer[^1];
            buffer.RemoveAt(buffer.Count - 1);
        }

        return [.. order];
    }

    private static (int Shard, long Index)[] Identities<T>(List<DatasetItem<T>> buffer)
    {
        var ids = new (int, long)[buffer.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = (buffer[i].Shard, buffer[i].Index);
        }

        return ids;
    }

    // Re-reads the samples a saved shuffle buffer held, from their shards only, and puts them back in order.
    private static async Task RefillAsync<T>(DatasetRoot<T> root, (int Shard, long Index)[] saved, List<DatasetItem<T>> buffer, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(int, long), T>();
        foreach (var group in saved.GroupBy(id => id.Shard).OrderBy(g => g.Key))
        {
            if ((uint)group.Key >= (uint)root.AllShards.Count)
            {
                throw new ArgumentException("The cursor refers to a shard this dataset does not have.", nameof(saved));
            }

            var only = new HashSet<long>(group.Select(id => id.Index));
            var pump = new ShardPump<T>(root, group.Key, 0, only, cancellationToken).Start();
            await using (pump.ConfigureAwait(false))
            {
                await foreach (var chunk in pump.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    for (int i = 0; i < chunk.Count; i++)
                    {
                        found[(group.Key, chunk.Indices[i])] = chunk.Values[i];
                    }
                }

                await pump.Completion.ConfigureAwait(false);
                pump.ThrowIfFailed();
            }
        }

        foreach (var id in saved)
        {
            // A sample that no longer decodes (skipped by the policy) is dropped.
            if (found.TryGetValue(id, out var value))
            {
                buffer.Add(new DatasetItem<T>(id.Shard, id.Index, value));
            }
        }
    }
}
