using Atdata;
using Atdata.Local;
using Atdata.Quickstart;

// 1. Declare a sample type: the generator writes its serializer at compile time.
var sample = new ImageSample(
    Image: new NdArray<float>([0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f], 2, 3),
    Label: "cat",
    Confidence: 0.98);

// 2. Pack it: these are the exact bytes Python atdata writes for the same values.
byte[] bytes = sample.Pack();
Console.WriteLine($"packed {nameof(ImageSample)} into {bytes.Length} bytes: {Convert.ToHexString(bytes)[..48]}…");

// 3. Read it back, typed…
ImageSample back = ImageSample.Unpack(bytes);
Console.WriteLine($"typed:   label={back.Label} confidence={back.Confidence} image shape=({string.Join(", ", back.Image.Shape.ToArray())})");
Console.WriteLine($"equal after the round trip: {back == sample}");

// 4. …or schema-free, as Python's DictSample does.
DynamicSample dynamic = DynamicSample.Unpack(bytes);
Console.WriteLine($"dynamic: fields [{string.Join(", ", dynamic.Keys)}], image dtype {dynamic.GetArray("image").DType}");

// 5. A WebDataset member, keyed like Python's uuid1 keys.
WdsSample member = sample.AsWds();
Console.WriteLine($"tar member: {member.Key}.msgpack ({member.Msgpack.Length} bytes)");

// 6. Write a few thousand samples into tar shards of 1,000 samples each (data-000000.tar, data-000001.tar…).
string dir = Path.Combine(Path.GetTempPath(), "atdata-quickstart-" + Guid.NewGuid().ToString("n")[..8]);
Directory.CreateDirectory(dir);
const int Count = 5_000;
string[] labels = ["cat", "dog", "bird"];
var clock = System.Diagnostics.Stopwatch.StartNew();
await using (var sink = new ShardWriter(Path.Combine(dir, "data-%06d.tar"), new ShardWriterOptions { MaxCount = 1_000 }))
{
    for (int i = 0; i < Count; i++)
    {
        var pixels = new float[8 * 8];
        pixels.AsSpan().Fill(i % 256 / 255f);
        await sink.WriteAsync(new ImageSample(new NdArray<float>(pixels, 8, 8), labels[i % 3], i / (double)Count), key: $"sample_{i:D6}");
        if ((i + 1) % 1_000 == 0)
        {
            Console.WriteLine($"  written {i + 1}/{Count}");
        }
    }

    await sink.CompleteAsync();
    Console.WriteLine($"wrote {Count} samples into {sink.ShardUrls.Count} shards in {clock.Elapsed.TotalMilliseconds:F0} ms ({Count / clock.Elapsed.TotalSeconds:N0} samples/s)");
}

// 7. Read them back: in order, shuffled, and in batches whose fields are stacked (b.Image) or listed (b.Label).
var dataset = new Dataset<ImageSample>(Path.Combine(dir, "data-{000000..000004}.tar"));
await Measure("ordered", async () => { int n = 0; await foreach (var s in dataset.Ordered()) n++; return n; });
await Measure("shuffled", async () => { int n = 0; await foreach (var s in dataset.Shuffled(bufferSamples: 1_000, seed: 42)) n++; return n; });
await Measure("batched", async () =>
{
    int n = 0;
    await foreach (var b in dataset.Ordered(batchSize: 32))
    {
        using (b)
        {
            NdArray<float> images = b.Image;          // shape (32, 8, 8), one pooled array
            IReadOnlyList<string> batchLabels = b.Label;
            n += batchLabels.Count;
            if (n == 32)
            {
                Console.WriteLine($"  first batch: images ({string.Join(", ", images.Shape.ToArray())}), labels [{string.Join(", ", batchLabels.Take(4))}, …]");
            }
        }
    }

    return n;
});
var cats = await dataset.Where(s => s.Label == "cat").HeadAsync(3);
Console.WriteLine($"first cats: {string.Join(", ", cats.Select(c => c.Confidence.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))}");

// 8. Local storage, end to end, on the embedded default (a SQLite index and a disk store under ATDATA_HOME, else
//    ~/.atdata; no servers). ATDATA_QUICKSTART_BACKEND=redis-s3 runs the same steps on Redis + S3 (QuickstartStorage.cs).
var (index, s3Store) = await QuickstartStorage.OpenAsync();
await using (index)
using (s3Store)
{
    Console.WriteLine($"index: {index.Kind}, shards in {index.DataStore!.GetType().Name}");

    // Publish the type's schema: the same content again (every re-run) gets the same version back.
    string schemaRef = await index.PublishSchemaAsync<ImageSample>(description: "An image with its label");
    Console.WriteLine($"published schema {schemaRef}");

    // Copy the shards into the store and record the entry in one atomic step. Re-running works because
    // Overwrite = true points the name at the new entry (earlier entries stay readable by CID and in listings).
    const string Name = "quickstart-images";
    LocalDatasetEntry inserted = await index.InsertDatasetAsync(dataset, Name,
        options: new InsertOptions { Overwrite = true, SchemaRef = schemaRef, MaxCount = 2_000 });
    Console.WriteLine($"inserted {inserted.Name} as {inserted.Cid} in {inserted.DataUrls.Count} shards, checksums recorded: {inserted.Checksums.Count}");

    int listed = 0;
    await foreach (LocalDatasetEntry e in index.EntriesAsync())
    {
        listed++;
    }

    Console.WriteLine($"entries in the index: {listed}");

    // Load by name and read it back in batches, through the store that holds the shards.
    LocalDatasetEntry found = await index.GetEntryByNameAsync(Name);
    var loaded = new Dataset<ImageSample>(index.DataStore.OpenSource(found.DataUrls));
    SchemaRecord schema = await index.GetSchemaAsync(found.SchemaRef);
    Console.WriteLine($"loaded {found.Name} ({found.Cid}), schema {schema.Name}@{schema.Version}");
    int samples = 0, batches = 0;
    await foreach (var b in loaded.Ordered(batchSize: 64))
    {
        using (b)
        {
            samples += b.Count;
            batches++;
        }
    }

    Console.WriteLine($"read {samples} samples in {batches} batches from the index");
}

Directory.Delete(dir, recursive: true);

static async Task Measure(string what, Func<Task<int>> read)
{
    var watch = System.Diagnostics.Stopwatch.StartNew();
    int n = await read();
    Console.WriteLine($"read {n} samples {what} in {watch.Elapsed.TotalMilliseconds:F0} ms ({n / watch.Elapsed.TotalSeconds:N0} samples/s)");
}
