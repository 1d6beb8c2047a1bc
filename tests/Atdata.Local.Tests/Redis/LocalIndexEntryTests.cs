namespace Atdata.Local.Tests.Redis;

public sealed class LocalIndexEntryTests : RedisTestBase
{
    protected override int DatabaseNumber => 11;

    [Test]
    public void Constructors_do_not_connect_and_validate_options()
    {
        using var byDefault = new LocalIndex();
        Assert.That(byDefault.Options.Port, Is.EqualTo(6379));
        Assert.That(byDefault.Options.Host, Is.EqualTo("localhost"));
        Assert.Throws<ArgumentException>(() => new LocalIndex(new LocalIndexOptions { Port = 0 }));
        Assert.Throws<ArgumentException>(() => new LocalIndex(new LocalIndexOptions { Host = " " }));
        Assert.Throws<ArgumentException>(() => new LocalIndex(new LocalIndexOptions { Database = -1 }));
        Assert.Throws<ArgumentException>(() => new LocalIndex(new LocalIndexOptions { ConnectionString = "" }));
    }

    [Test]
    public void Options_ToString_never_shows_the_password()
    {
        var options = new LocalIndexOptions { Password = "CANARY-SECRET-123" };
        Assert.That(options.ToString(), Does.Not.Contain("CANARY-SECRET-123"));
        var fromString = new LocalIndexOptions { ConnectionString = "h:1,password=CANARY-SECRET-123" };
        Assert.That(fromString.ToString(), Does.Not.Contain("CANARY-SECRET-123"));
    }

    [Test]
    public async Task Index_from_a_multiplexer_uses_it()
    {
        await using var index = new LocalIndex(Admin, options: new LocalIndexOptions { Database = DatabaseNumber });
        var ds = await SmallDatasetAsync();
        var entry = await index.AddEntryAsync(ds, "from-mux");
        Assert.That(await Db.KeyExistsAsync("LocalDatasetEntry:" + entry.Cid), Is.True);
    }

    [Test]
    public async Task AddEntry_records_the_url_and_reads_back_by_cid_name_and_listing()
    {
        await using var index = NewIndex();
        var ds = await SmallDatasetAsync();
        var entry = await index.AddEntryAsync(ds, name: "my-dataset",
            schemaRef: "atdata://local/sampleSchema/ImageSample@1.0.0",
            metadata: new Dictionary<string, object?> { ["description"] = "Training images" });

        Assert.That(entry.Cid, Does.StartWith("bafyrei"));
        Assert.That(entry.Name, Is.EqualTo("my-dataset"));
        Assert.That(entry.DataUrls, Is.EqualTo(new[] { ds.Url }));
        Assert.That(entry.SchemaRef, Is.EqualTo("atdata://local/sampleSchema/ImageSample@1.0.0"));
        Assert.That(entry.SampleKind, Is.EqualTo(entry.SchemaRef));
        Assert.That(entry.WdsUrl, Is.EqualTo(ds.Url));
        Assert.That(entry.Cid, Is.EqualTo(Cid.ForEntry(entry.SchemaRef, entry.DataUrls).ToString()));

        var byCid = await index.GetEntryAsync(entry.Cid);
        Assert.That(byCid.Name, Is.EqualTo("my-dataset"));
        Assert.That(byCid.Metadata!["description"], Is.EqualTo("Training images"));

        var byName = await index.GetEntryByNameAsync("my-dataset");
        Assert.That(byName.Cid, Is.EqualTo(entry.Cid));

        var listed = new List<LocalDatasetEntry>();
        await foreach (var e in index.EntriesAsync())
        {
            listed.Add(e);
        }

        Assert.That(listed.Select(e => e.Cid), Is.EqualTo(new[] { entry.Cid }));
        Assert.That((await index.GetAllEntriesAsync()).Single().Name, Is.EqualTo("my-dataset"));
    }

    [Test]
    public async Task AddEntry_default_schema_ref_is_the_sampleSchema_form()
    {
        await using var index = NewIndex();
        var entry = await index.AddEntryAsync(await SmallDatasetAsync(), "defaults");
        Assert.That(entry.SchemaRef, Is.EqualTo("atdata://local/sampleSchema/TextSample@1.0.0"));
        Assert.That(entry.Metadata, Is.Null);
        Assert.That(await Db.HashExistsAsync("LocalDatasetEntry:" + entry.Cid, "metadata"), Is.False);
    }

    [TestCase("../etc")]
    [TestCase("a/b")]
    [TestCase("")]
    [TestCase("..")]
    [TestCase("bad\nname")]
    [TestCase("name with space")]
    public async Task Invalid_names_are_rejected_before_any_write(string name)
    {
        await using var index = NewIndex();
        var ds = await SmallDatasetAsync();
        Assert.ThrowsAsync<ArgumentException>(() => index.AddEntryAsync(ds, name));
        Assert.That((long)await Db.ExecuteAsync("DBSIZE"), Is.Zero);
    }

    [Test]
    public void Long_names_are_rejected()
        => Assert.Throws<ArgumentException>(() => LocalIndex.ValidateName(new string('a', 129)));

    [Test]
    public async Task Get_by_name_and_listing_do_not_scan()
    {
        await using var index = NewIndex();
        for (int i = 0; i < 20; i++)
        {
            await index.AddEntryAsync(LocalEntry(i), options: null);
        }

        long before = CommandCalls("scan");
        for (int i = 0; i < 20; i++)
        {
            Assert.That((await index.GetEntryByNameAsync($"ds-{i}")).Name, Is.EqualTo($"ds-{i}"));
        }

        Assert.That(await index.GetAllEntriesAsync(), Has.Count.EqualTo(20));
        Assert.That(CommandCalls("scan"), Is.EqualTo(before), "no SCAN on get-by-name or listing");
    }

    [Test]
    public async Task Redis_down_maps_to_IndexException()
    {
        await using var index = new LocalIndex(new LocalIndexOptions { Host = "127.0.0.1", Port = 1, ConnectTimeout = TimeSpan.FromMilliseconds(300), CommandTimeout = TimeSpan.FromMilliseconds(500) });
        var ex = Assert.ThrowsAsync<IndexException>(() => index.GetEntryByNameAsync("x"));
        Assert.That(ex!.Operation, Is.EqualTo("get"));
    }

    internal static LocalDatasetEntry LocalEntry(int i)
        => new($"ds-{i}", "atdata://local/sampleSchema/TextSample@1.0.0", [$"/data/ds-{i}/data--0000abcd--000000.tar"]);
}
