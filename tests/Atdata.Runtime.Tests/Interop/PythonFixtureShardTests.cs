using System.Formats.Tar;
using Atdata.Runtime.Tests.Infrastructure;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Interop;

/// <summary>The samples inside the real Python-written shards decode to the values Python put there.</summary>
public class PythonFixtureShardTests
{
    private static List<(string Name, byte[] Data)> Members(string file)
    {
        using var stream = File.OpenRead(TestVectors.PathOf(file));
        using var reader = new TarReader(stream);
        var members = new List<(string, byte[])>();
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
            {
                using var copy = new MemoryStream();
                data.CopyTo(copy);
                members.Add((entry.Name, copy.ToArray()));
            }
        }

        return members;
    }

    [Test]
    public void Python_fixture_samples_decode_to_id_name_value()
    {
        var members = Members("python_fixture_test_samples.tar");
        Assert.That(members.Select(m => m.Name), Is.EqualTo(new[] { "sample_000000.msgpack", "sample_000001.msgpack", "sample_000002.msgpack" }));
        for (int i = 0; i < members.Count; i++)
        {
            var sample = DynamicSample.Unpack(members[i].Data);
            Assert.That(sample.Keys, Is.EqualTo(new[] { "id", "name", "value" }));
            Assert.That(sample["id"], Is.EqualTo((long)i));
            Assert.That(sample["name"], Is.EqualTo($"test_sample_{i}"));
            Assert.That(sample["value"], Is.EqualTo(i * 10L));
            Assert.That(sample.Pack(), Is.EqualTo(members[i].Data), "re-packing reproduces Python's bytes");
        }
    }

    [Test]
    public void Webdataset_style_pax_shard_decodes()
    {
        var members = Members("wds_style_shard.tar");
        Assert.That(members, Has.Count.EqualTo(2));
        var first = DynamicSample.Unpack(members[0].Data);
        Assert.That(first["name"], Is.EqualTo("test_sample_0"));
        var second = DynamicSample.Unpack(members[1].Data);
        Assert.That(second.GetArray<float>("image").ToArray(), Is.EqualTo(new[] { 1.5f, -2.0f, 3.25f }));
        Assert.That(second["label"], Is.EqualTo("cat"));
    }
}
