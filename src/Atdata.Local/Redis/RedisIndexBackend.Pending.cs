namespace Atdata.Local;

internal sealed partial class RedisIndexBackend
{
    public Task<string?> BeginInsertAsync(string name, string insertId, DateTimeOffset startedAt, CancellationToken cancellationToken)
        => RunAsync("insert", async db =>
        {
            var batch = db.CreateBatch();
            var ours = batch.HashGetAsync(Layout.Names, name);
            var label = batch.HashGetAsync(RedisKeys.Label(name), "cid");
            var pending = batch.SortedSetAddAsync(Layout.Pending, insertId, startedAt.ToUnixTimeMilliseconds());
            batch.Execute();
            await pending.ConfigureAwait(false);
            string? mapped = (string?)await ours.ConfigureAwait(false);
            return string.IsNullOrEmpty(mapped) ? (string?)await label.ConfigureAwait(false) : mapped;
        }, cancellationToken);

    public Task AppendPendingUrlAsync(string insertId, string url, CancellationToken cancellationToken)
        => RunAsync("insert", db => db.ListRightPushAsync(Layout.PendingUrls(insertId), url), cancellationToken);

    public async Task ForgetPendingAsync(string insertId)
    {
        try
        {
            await RemovePendingAsync(insertId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (IndexException)
        {
            // Left for GcAsync.
        }
    }

    public Task RemovePendingAsync(string insertId, CancellationToken cancellationToken)
        => RunAsync("gc", async db =>
        {
            var batch = db.CreateBatch();
            var a = batch.SortedSetRemoveAsync(Layout.Pending, insertId);
            var b = batch.KeyDeleteAsync(Layout.PendingUrls(insertId));
            batch.Execute();
            await Task.WhenAll(a, b).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public async Task<IReadOnlyList<string>> PendingStartedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var ids = await RunAsync("gc", db => db.SortedSetRangeByScoreAsync(Layout.Pending, double.NegativeInfinity, cutoff.ToUnixTimeMilliseconds()), cancellationToken).ConfigureAwait(false);
        return ids.Select(id => (string)id!).ToArray();
    }

    public async Task<IReadOnlyList<string>> PendingUrlsAsync(string insertId, CancellationToken cancellationToken)
    {
        var urls = await RunAsync("gc", db => db.ListRangeAsync(Layout.PendingUrls(insertId)), cancellationToken).ConfigureAwait(false);
        return urls.Select(u => (string)u!).ToArray();
    }
}
