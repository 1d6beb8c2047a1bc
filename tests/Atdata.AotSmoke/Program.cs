using System.Text.Json;
using Atdata;
using Atdata.AotSmoke;

// Usage: Atdata.AotSmoke <path to shared/vectors>
// Exits 0 when every check passes; prints one line per failed check otherwise.
int failures = 0;
void Check(bool condition, string what)
{
    if (!condition)
    {
        failures++;
        Console.Error.WriteLine($"FAILED: {what}");
    }
}

string vectors = args.Length > 0 ? args[0] : Path.Combine("..", "shared", "vectors");

// 1. Generated records against Python's bytes.
string[] fixtureHex =
[
    "83a2696400a46e616d65ad746573745f73616d706c655f30a576616c756500",
    "83a2696401a46e616d65ad746573745f73616d706c655f31a576616c75650a",
    "83a2696402a46e616d65ad746573745f73616d706c655f32a576616c756514",
];
for (int i = 0; i < fixtureHex.Length; i++)
{
    var sample = new FixtureSample(i, $"test_sample_{i}", i * 10);
    byte[] python = Convert.FromHexString(fixtureHex[i]);
    Check(sample.Pack().AsSpan().SequenceEqual(python), $"FixtureSample({i}) packs to the Python fixture bytes");
    Check(FixtureSample.Unpack(python) == sample, $"FixtureSample({i}) reads the Python fixture bytes");
}

var image = new ImageSample(new NdArray<float>([1.5f, -2.0f, 3.25f]), "cat");
Check(Convert.ToHexString(image.Pack()).Equals("82A5696D616765C419033C66340103000000000000000000C03F000000C000005040A56C6162656CA3636174", StringComparison.Ordinal),
    "ImageSample packs to the interop §1.4 bytes");
Check(ImageSample.Unpack(image.Pack()) == image, "ImageSample round-trips");

var measurement = new Measurement { Sensor = "t1", Reading = 20.5, Channel = 3, Tags = ["a", "b"], Raw = [1, 2] };
var back = Measurement.Unpack(measurement.Pack());
Check(back.Sensor == "t1" && back.Reading == 20.5 && back.Channel == 3 && back.Tags!.SequenceEqual(["a", "b"]) && back.Raw!.SequenceEqual(new byte[] { 1, 2 }), "Measurement round-trips");
var sparse = Measurement.Unpack(new Measurement { Sensor = "t2", Reading = 1 }.Pack());
Check(sparse.Channel is null && sparse.Tags is null && sparse.Raw is null, "optional members come back null");
Check(image.AsWds().Key.Length == 36, "AsWds gives a uuid1 key");

// 2. Every msgpack vector through DynamicSample, both directions.
using (var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(vectors, "msgpack_samples.json"))))
{
    int count = 0;
    foreach (var v in doc.RootElement.GetProperty("vectors").EnumerateArray())
    {
        byte[] bytes = Convert.FromHexString(v.GetProperty("msgpack_hex").GetString()!);
        var dynamic = DynamicSample.Unpack(bytes);
        Check(dynamic.Pack().AsSpan().SequenceEqual(bytes), $"vector {v.GetProperty("id").GetString()} re-packs identically");
        count++;
    }

    Check(count >= 14, "all msgpack vectors were read");
}

// 3. Array payload vectors: compact and .npy decode to the same array.
using (var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(vectors, "ndarray_payloads.json"))))
{
    foreach (var v in doc.RootElement.GetProperty("vectors").EnumerateArray())
    {
        var compact = NdArray.Parse(Convert.FromHexString(v.GetProperty("compact").GetString()!));
        var npy = NdArray.Parse(Convert.FromHexString(v.GetProperty("npy_legacy").GetString()!));
        Check(compact.Equals(npy), $"array vector {v.GetProperty("id").GetString()}: compact equals .npy");
        Check(compact.ToPayload().AsSpan().SequenceEqual(Convert.FromHexString(v.GetProperty("compact").GetString()!)), $"array vector {v.GetProperty("id").GetString()} re-encodes identically");
    }
}

// 4. Hostile input still raises the typed error under AOT.
try
{
    _ = FixtureSample.Unpack([0x81, 0xa2, 0x69, 0x64, 0xc1]);
    Check(false, "invalid msgpack is rejected");
}
catch (SampleFormatException ex)
{
    Check(ex.Offset == 4, "the error names the byte offset");
}

// 5. Shards and datasets: write, then read ordered, batched (generated accessors), shuffled, resumed, through a lens.
string shardDir = Path.Combine(Path.GetTempPath(), "atdata-aot-" + Guid.NewGuid().ToString("n")[..8]);
Directory.CreateDirectory(shardDir);
try
{
    await using (var sink = new ShardWriter(Path.Combine(shardDir, "d-%03d.tar"), new ShardWriterOptions { MaxCount = 40 }))
    {
        for (int i = 0; i < 100; i++)
        {
            await sink.WriteAsync(new ImageSample(new NdArray<float>([i, i + 0.5f]), $"l{i % 3}"), key: $"s{i:D4}");
        }
    }

    var dataset = new Dataset<ImageSample>(Path.Combine(shardDir, "d-{000..002}.tar"));
    var ordered = new List<string>();
    await foreach (var s in dataset.Ordered())
    {
        ordered.Add(s.Label);
    }

    Check(ordered.Count == 100 && ordered[4] == "l1", "Dataset.Ordered reads every sample in order");
    int batches = 0;
    bool stacked = true;
    await foreach (var b in dataset.Ordered(batchSize: 32))
    {
        using (b)
        {
            stacked &= b.Image.Shape[0] == b.Count && b.Image.Shape[1] == 2 && b.Label.Count == b.Count && b.Image[0, 0] == b[0].Image[0];
            batches++;
        }
    }

    Check(batches == 4 && stacked, "batches stack arrays and list fields");
    var shuffled = new List<float>();
    await foreach (var s in dataset.Shuffled(bufferSamples: 16, seed: 3))
    {
        shuffled.Add(s.Image[0]);
    }

    Check(shuffled.Count == 100 && shuffled.Distinct().Count() == 100 && !shuffled.SequenceEqual(shuffled.Order()), "Dataset.Shuffled yields a permutation");
    var cursor = new DatasetCursor();
    var head = new List<float>();
    await foreach (var s in dataset.WithCursor(cursor).Shuffled(bufferSamples: 16, seed: 3))
    {
        head.Add(s.Image[0]);
        if (head.Count == 30)
        {
            break;
        }
    }

    await foreach (var s in dataset.WithCursor(DatasetCursor.Parse(cursor.ToString())).Shuffled(bufferSamples: 16, seed: 3))
    {
        head.Add(s.Image[0]);
    }

    Check(head.SequenceEqual(shuffled), "a saved cursor resumes the shuffled stream");
    var labels = await dataset.AsType<LabelOnly>().Where(l => l.Label == "l0").HeadAsync(5);
    Check(labels.Count == 5, "AsType reads through a generated lens");
    var dynamicHead = await new Dataset<DynamicSample>(Path.Combine(vectors, "python_fixture_test_samples.tar")).AsType<FixtureSample>().HeadAsync(3);
    Check(dynamicHead.Count == 3 && dynamicHead[2] == new FixtureSample(2, "test_sample_2", 20), "Dataset<DynamicSample> converts to a typed sample");
}
finally
{
    Directory.Delete(shardDir, recursive: true);
}

// 6. The embedded default: SQLite (native e_sqlite3 under NativeAOT) and the local disk store.
await AotEmbedded.RunAsync(Check);

// 7. Every S3 call Atdata.Local makes (bucket, put, multipart, get, list, list uploads, abort, delete), when
//    scripts/test.sh has started the S3 server; skipped (and said so) otherwise.
if (Environment.GetEnvironmentVariable("ATDATA_S3_ENDPOINT") is { Length: > 0 } s3Endpoint)
{
    failures += await AotS3.RunAsync(s3Endpoint, Check);
}
else
{
    Console.WriteLine("AOT smoke: ATDATA_S3_ENDPOINT not set, S3 checks skipped");
}

Console.WriteLine(failures == 0 ? "AOT smoke: all checks passed" : $"AOT smoke: {failures} check(s) failed");
return failures == 0 ? 0 : 1;
