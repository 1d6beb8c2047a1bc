namespace Atdata.Cli.Tests.Infrastructure;

/// <summary>An image with a label.</summary>
[Packable(Version = "1.0.0")]
public partial record ImageSample(NdArray<float> Image, string Label, long Index);

/// <summary>Writes small local shards for the tests.</summary>
internal static class Samples
{
    /// <summary>Writes <paramref name="count"/> <see cref="ImageSample"/>s (2×3 float32 images) into shards of <paramref name="perShard"/>.</summary>
    public static async Task<IReadOnlyList<string>> WriteImagesAsync(string directory, int count, int perShard)
    {
        var writer = new ShardWriter(Path.Combine(directory, "images-%06d.tar"), new ShardWriterOptions { MaxCount = perShard });
        await using (writer)
        {
            for (int i = 0; i < count; i++)
            {
                var image = new NdArray<float>(Enumerable.Range(0, 6).Select(v => (float)(v + i)).ToArray(), 2, 3);
                await writer.WriteAsync(new ImageSample(image, $"label-{i}", i), key: $"s{i:D4}");
            }

            await writer.CompleteAsync();
        }

        return writer.ShardUrls;
    }
}
