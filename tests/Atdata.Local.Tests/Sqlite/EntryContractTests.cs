namespace Atdata.Local.Tests.Sqlite;

/// <summary>Adding, finding and listing entries: the same behaviour from both backends.</summary>
[TestFixture(IndexBackend.Redis)]
[TestFixture(IndexBackend.Sqlite)]
[TestFixture(IndexBackend.Cluster)]
public sealed class EntryContractTests(IndexBackend backend) : IndexTestBase(backend)
{
    protected override int DatabaseNumber => 10;

    [Test]
    public async Task The_index_reports_its_backend()
    {
        await using var index = NewIndex();
        Assert.That(index.Kind, Is.EqualTo(Kind));
    }

    [Test]
    public async Task Added_entries_read_back_by_cid_by_name_and_in_the_listing()
    {
        await using var index = NewIndex();
        var ds = await SmallDatasetAsync();
        var entry = await index.AddEntryAsync(ds, name: "my-dataset", schemaRef: "atdata://local/sampleSchema/ImageSample@1.0.0",
            metadata: new Dictionary<string, object?> { ["description"] = "Training images", ["n"] = 3L });
        var plain = await index.AddEntryAsync(await SmallDatasetAsync(text: "other"), "plain");

        Assert.That(entry.Cid, Is.EqualTo(Cid.ForEntry(entry.SchemaRef, [ds.Url]).ToString()));
        var byCid = await index.GetEntryAsync(entry.Cid);
        Assert.That(byCid.Name, Is.EqualTo("my-dataset"));
        Assert.That(byCid.DataUrls, Is.EqualTo(new[] { ds.Url }));
        Assert.That(byCid.Metadata!["description"], Is.EqualTo("Training images"));
        Assert.That(byCid.Metadata["n"], Is.EqualTo(3L));
        Assert.That((await index.GetEntryByNameAsync("my-dataset")).Cid, Is.EqualTo(entry.Cid));
        Assert.That((await index.GetEntryByNameAsync("plain")).Metadata, Is.Null);
        Assert.That((await index.GetAllEntriesAsync()).Select(e => e.Cid), Is.EquivalentTo(new[] { entry.Cid, plain.Cid }));

        await using var other = NewIndex();
        Assert.That((await other.GetEntryByNameAsync("plain")).Cid, Is.EqualTo(plain.Cid), "a second index on the same backend sees the entries");
    }

    [Test]
    public async Task Listing_streams_more_entries_than_one_page()
    {
        await using var index = NewIndex();
        const int Count = 520; // more than one SQLite page (512) and one Redis batch
        for (int i = 0; i < Count; i++)
        {
            await index.AddEntryAsync(new LocalDatasetEntry($"ds-{i}", "atdata://local/sampleSchema/TextSample@1.0.0", [$"/data/ds-{i}/data--0000abcd--000000.tar"]));
        }

        var names = new List<string>();
        await foreach (var e in index.EntriesAsync())
        {
            names.Add(e.Name);
        }

        Assert.That(names, Is.EquivalentTo(Enumerable.Range(0, Count).Select(i => $"ds-{i}")));
    }

    [Test]
    public async Task Missing_entries_raise_DatasetNotFound_and_Find_returns_null()
    {
        await using var index = NewIndex();
        var ex = Assert.ThrowsAsync<DatasetNotFoundException>(() => index.GetEntryByNameAsync("nope"));
        Assert.That(ex!.NameOrCid, Is.EqualTo("nope"));
        Assert.ThrowsAsync<DatasetNotFoundException>(() => index.GetEntryAsync("bafyreiaerogzhqf26vylrybc37mw23n4clixxuiw7yl74nnkebgr4pshcu"));
        Assert.That(await index.FindEntryByNameAsync("nope"), Is.Null);
        Assert.That(await index.GetAllEntriesAsync(), Is.Empty);
    }

    [Test]
    public async Task A_taken_name_needs_overwrite_and_the_same_cid_is_idempotent()
    {
        await using var index = NewIndex();
        var first = await index.AddEntryAsync(await SmallDatasetAsync(), "taken");
        Assert.That((await index.AddEntryAsync(new Dataset<TextSample>(first.DataUrls[0]), "taken")).Cid, Is.EqualTo(first.Cid));

        var other = await SmallDatasetAsync();
        var ex = Assert.ThrowsAsync<DatasetExistsException>(() => index.AddEntryAsync(other, "taken"));
        Assert.That(ex!.ExistingCid, Is.EqualTo(first.Cid));
        Assert.That(await index.GetAllEntriesAsync(), Has.Count.EqualTo(1), "the refused entry was not written");

        var replaced = await index.AddEntryAsync(other, "taken", options: new InsertOptions { Overwrite = true });
        Assert.That((await index.GetEntryByNameAsync("taken")).Cid, Is.EqualTo(replaced.Cid));
        Assert.That((await index.GetEntryAsync(first.Cid)).Name, Is.EqualTo("taken"), "the previous entry stays readable by CID");
        Assert.That(await index.GetAllEntriesAsync(), Has.Count.EqualTo(2));
    }

    [TestCase("../etc")]
    [TestCase("a/b")]
    [TestCase("")]
    [TestCase("..")]
    [TestCase("name with space")]
    public async Task Invalid_names_are_rejected_before_any_write(string name)
    {
        await using var index = NewIndex();
        Assert.ThrowsAsync<ArgumentException>(async () => await index.AddEntryAsync(await SmallDatasetAsync(), name));
        Assert.That(await index.GetAllEntriesAsync(), Is.Empty);
    }

    [Test]
    public async Task Cancellation_surfaces_as_OperationCanceledException()
    {
        await using var index = NewIndex();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.CatchAsync<OperationCanceledException>(() => index.GetEntryByNameAsync("x", cts.Token));
        Assert.CatchAsync<OperationCanceledException>(async () => await index.AddEntryAsync(await SmallDatasetAsync(), "x", cancellationToken: cts.Token));
        Assert.CatchAsync<OperationCanceledException>(async () => await index.EntriesAsync(cts.Token).GetAsyncEnumerator().MoveNextAsync());
        if (Kind == IndexKind.Sqlite)
        {
            // Redis only stops waiting (documented: its command may still run); SQLite checks before writing.
            Assert.That(await index.FindEntryByNameAsync("x"), Is.Null, "a cancelled add writes nothing");
        }
    }
}
