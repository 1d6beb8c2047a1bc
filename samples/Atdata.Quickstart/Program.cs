using Atdata;
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
Directory.Delete(dir, recursive: true);

static async Task Measure(string what, Func<Task<int>> read)
{
    var watch = System.Diagnostics.Stopwatch.StartNew();
    int n = await read();
    Console.WriteLine($"read {n} samples {what} in {watch.Elapsed.TotalMilliseconds:F0} ms ({n / watch.Elapsed.TotalSeconds:N0} samples/s)");
}
