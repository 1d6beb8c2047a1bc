namespace Atdata.Runtime.Tests.Datasets;

/// <summary>A dataset test sample: its global id, the shard it was written to and a small image.</summary>
[Packable]
public partial record DsSample(long Id, int Shard, NdArray<float> Image);

/// <summary>
/// Shards held in memory, with counters of the streams it opened: how many in total, per shard, and the most
/// open at the same time. An optional delay per read makes background reading observable.
/// </summary>
internal sealed class MemoryShardSource : IShardSource
{
    private readonly Dictionary<string, byte[]> _shards = [];
    private readonly List<string> _order = [];
    private int _open;
    private int _maxOpen;
    private int _opened;

    public TimeSpan ReadDelay { get; set; }

    public int Opened => Volatile.Read(ref _opened);

    public int MaxOpen => Volatile.Read(ref _maxOpen);

    public List<string> OpenLog { get; } = [];

    public void Add(string name, byte[] bytes)
    {
        _shards[name] = bytes;
        _order.Add(name);
    }

    public IReadOnlyList<string> ListShards() => _order;

    public ValueTask<Stream> OpenShardAsync(string shard, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _opened);
        lock (OpenLog)
        {
            OpenLog.Add(shard);
        }

        int now = Interlocked.Increment(ref _open);
        int max;
        while (now > (max = Volatile.Read(ref _maxOpen)) && Interlocked.CompareExchange(ref _maxOpen, now, max) != max)
        {
        }

        return ValueTask.FromResult<Stream>(new CountingStream(_shards[shard], this));
    }

    private sealed class CountingStream(byte[] data, MemoryShardSource owner) : MemoryStream(data, writable: false)
    {
        private int _disposed;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (owner.ReadDelay > TimeSpan.Zero)
            {
                await Task.Delay(owner.ReadDelay, cancellationToken);
            }

            return await base.ReadAsync(buffer, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner._open);
            }

            base.Dispose(disposing);
        }
    }
}

internal static class DatasetTestData
{
    /// <summary><paramref name="shards"/> shards of <paramref name="perShard"/> samples, ids 0, 1, 2… in order.</summary>
    public static async Task<MemoryShardSource> BuildAsync(int shards, int perShard, int imageLength = 3, Func<long, int>? lengthOf = null)
    {
        var source = new MemoryShardSource();
        long id = 0;
        for (int s = 0; s < shards; s++)
        {
            source.Add($"mem-{s:D4}.tar", await ShardAsync(perShard, () =>
            {
                long current = id++;
                int length = lengthOf?.Invoke(current) ?? imageLength;
                var image = new float[length];
                image.AsSpan().Fill(current);
                return new DsSample(current, s, new NdArray<float>(image));
            }));
        }

        return source;
    }

    public static async Task<byte[]> ShardAsync(int count, Func<DsSample> next, Action<ShardWriter, int>? extra = null)
    {
        var stream = new MemoryStream();
        await using (var writer = new ShardWriter(stream, "mem.tar", new ShardWriterOptions { ComputeChecksums = false }, leaveOpen: true))
        {
            for (int i = 0; i < count; i++)
            {
                await writer.WriteAsync(next(), key: $"sample_{i:D6}");
            }
        }

        return stream.ToArray();
    }

    public static async Task<List<T>> CollectAsync<T>(this IAsyncEnumerable<T> items, int? limit = null)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
            if (list.Count == limit)
            {
                break;
            }
        }

        return list;
    }

    public static List<long> Ids(this IEnumerable<DsSample> samples) => samples.Select(s => s.Id).ToList();
}
