using Atdata.Local;

namespace Atdata.AotSmoke;

/// <summary>The embedded default (SQLite index + local disk store) under NativeAOT: the native SQLite library loads and every index step works.</summary>
internal static class AotEmbedded
{
    public static async Task RunAsync(Action<bool, string> check)
    {
        string home = Path.Combine(Path.GetTempPath(), "atdata-aot-home-" + Guid.NewGuid().ToString("n")[..8]);
        string? saved = Environment.GetEnvironmentVariable("ATDATA_HOME");
        Environment.SetEnvironmentVariable("ATDATA_HOME", home);
        try
        {
            string source = Path.Combine(home, "source.tar");
            Directory.CreateDirectory(home);
            await using (var writer = new ShardWriter(source))
            {
                for (int i = 0; i < 10; i++)
                {
                    await writer.WriteAsync(new ImageSample(new NdArray<float>([i, -i]), $"e{i}"));
                }
            }

            await using (var index = LocalIndex.OpenEmbedded())
            {
                check(index.Kind == IndexKind.Sqlite && index.DataStore is LocalDiskStore, "OpenEmbedded gives a SQLite index with a disk store");
                string schemaRef = await index.PublishSchemaAsync<ImageSample>(version: "1.0.0");
                check(schemaRef == "atdata://local/sampleSchema/ImageSample@1.0.0", "PublishSchemaAsync returns the local reference");
                var entry = await index.InsertDatasetAsync(new Dataset<ImageSample>(source), "aot-embedded", options: new InsertOptions { MaxCount = 4 });
                check(entry.DataUrls.Count == 3 && entry.Checksums.Count == 3 && entry.DataUrls.All(File.Exists), "InsertDatasetAsync writes three verified shards");
                try
                {
                    await index.InsertDatasetAsync(new Dataset<ImageSample>(source), "aot-embedded");
                    check(false, "a second insert under the name is refused");
                }
                catch (DatasetExistsException)
                {
                }
            }

            await using (var reopened = LocalIndex.OpenEmbedded())
            {
                var found = await reopened.GetEntryByNameAsync("aot-embedded");
                var labels = new List<string>();
                await foreach (var s in new Dataset<ImageSample>(reopened.DataStore!.OpenSource(found.DataUrls)).Ordered())
                {
                    labels.Add(s.Label);
                }

                check(labels.Count == 10 && labels[9] == "e9", "the entry found by name reads back every sample");
                check((await reopened.GetSchemaAsync(found.SchemaRef)).Fields.Count == 2, "the schema reads back");
                check((await reopened.GetAllEntriesAsync()).Count == 1, "the listing has the entry");
            }
        }
        catch (AtdataException ex)
        {
            check(false, $"embedded index under AOT: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            Environment.SetEnvironmentVariable("ATDATA_HOME", saved);
            Directory.Delete(home, recursive: true);
        }
    }
}
