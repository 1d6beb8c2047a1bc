using System.Buffers;
using System.Text;
using Atdata.Msgpack;

namespace Atdata.Runtime.Tests.Shards;

/// <summary>Builds tar archives byte by byte, including malformed and hostile ones.</summary>
internal sealed class TarBuilder
{
    private readonly ArrayBufferWriter<byte> _out = new();

    public long Length => _out.WrittenCount;

    /// <summary>A 512-byte header. <paramref name="tweak"/> edits the block before the checksum is computed; <paramref name="after"/> after.</summary>
    public static byte[] Header(ReadOnlySpan<byte> name, long size, byte type = (byte)'0', string? prefix = null, bool gnuMagic = false, Action<byte[]>? tweak = null, Action<byte[]>? after = null)
    {
        var h = new byte[512];
        name[..Math.Min(name.Length, 100)].CopyTo(h);
        Octal(h.AsSpan(100, 8), 420); // 0644
        Octal(h.AsSpan(108, 8), 0);
        Octal(h.AsSpan(116, 8), 0);
        if (size > 0x1_FFFF_FFFF || size < 0)
        {
            // GNU base-256: 0x80 (or 0xff when negative) then big-endian two's complement.
            var field = h.AsSpan(124, 12);
            field.Fill(size < 0 ? (byte)0xff : (byte)0);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(field[4..], size);
            field[0] = size < 0 ? (byte)0xff : (byte)0x80;
        }
        else
        {
            Octal(h.AsSpan(124, 12), size);
        }

        Octal(h.AsSpan(136, 12), 0);
        h[156] = type;
        if (gnuMagic)
        {
            "ustar  \0"u8.CopyTo(h.AsSpan(257));
        }
        else
        {
            "ustar\000"u8.CopyTo(h.AsSpan(257));
        }

        if (prefix is not null)
        {
            Encoding.UTF8.GetBytes(prefix).CopyTo(h.AsSpan(345));
        }

        tweak?.Invoke(h);
        FixChecksum(h);
        after?.Invoke(h);
        return h;
    }

    public static void FixChecksum(byte[] h)
    {
        h.AsSpan(148, 8).Fill((byte)' ');
        int sum = 0;
        foreach (byte b in h)
        {
            sum += b;
        }

        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(h, 148);
    }

    public static void Octal(Span<byte> field, long value)
    {
        var text = Convert.ToString(value, 8).PadLeft(field.Length - 1, '0');
        Encoding.ASCII.GetBytes(text).CopyTo(field);
        field[^1] = 0;
    }

    public TarBuilder Raw(ReadOnlySpan<byte> bytes)
    {
        _out.Write(bytes);
        return this;
    }

    public TarBuilder Data(ReadOnlySpan<byte> data)
    {
        _out.Write(data);
        _out.Write(new byte[(512 - (data.Length % 512)) % 512].AsSpan());
        return this;
    }

    public TarBuilder File(string name, ReadOnlySpan<byte> data, byte type = (byte)'0')
        => File(Encoding.UTF8.GetBytes(name), data, type);

    public TarBuilder File(byte[] name, ReadOnlySpan<byte> data, byte type = (byte)'0')
        => Raw(Header(name, data.Length, type)).Data(data);

    public TarBuilder Sample(string key, ReadOnlySpan<byte> msgpack) => File(key + ".msgpack", msgpack);

    public TarBuilder Entry(string name, byte type, long size = 0) => Raw(Header(Encoding.UTF8.GetBytes(name), size, type));

    public TarBuilder Pax(byte type, params (string Key, string Value)[] records)
    {
        var body = new StringBuilder();
        foreach (var (key, value) in records)
        {
            int rest = 1 + key.Length + 1 + Encoding.UTF8.GetByteCount(value) + 1;
            int length = rest + 1;
            while (length != rest + length.ToString().Length)
            {
                length = rest + length.ToString().Length;
            }

            body.Append(length).Append(' ').Append(key).Append('=').Append(value).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(body.ToString());
        return Raw(Header("././@PaxHeader"u8, bytes.Length, type)).Data(bytes);
    }

    public TarBuilder GnuLongName(byte[] name, byte type = (byte)'L')
    {
        var data = new byte[name.Length + 1];
        name.CopyTo(data, 0);
        return Raw(Header("././@LongLink"u8, data.Length, type, gnuMagic: true)).Data(data);
    }

    public TarBuilder End() => Raw(new byte[1024]);

    /// <summary>Two zero blocks and zero padding to 10240 bytes, as Python ends an archive.</summary>
    public TarBuilder EndPadded()
    {
        End();
        long pad = (10240 - (_out.WrittenCount % 10240)) % 10240;
        return Raw(new byte[pad]);
    }

    public byte[] ToArray() => _out.WrittenSpan.ToArray();
}

/// <summary>A hand-written <see cref="IPackable{TSelf}"/> (the generator is not wired in yet on this branch).</summary>
internal sealed record TestSample(long Id, string Name, double Score, byte[] Blob) : IPackable<TestSample>
{
    public static string SchemaName => nameof(TestSample);

    public static SchemaRecord Schema { get; } = new(nameof(TestSample), "1.0.0", []);

    public static IReadOnlyList<FieldDescriptor> Fields => [];

    public static string SchemaCid => Schema.ComputeStableCid().ToString();

    public static void Write(ref MsgpackWriter writer, TestSample value)
    {
        writer.WriteMapHeader(4);
        writer.WriteString("id");
        writer.WriteInt64(value.Id);
        writer.WriteString("name");
        writer.WriteString(value.Name);
        writer.WriteString("score");
        writer.WriteDouble(value.Score);
        writer.WriteString("blob");
        writer.WriteBinary(value.Blob);
    }

    public static TestSample Read(ref MsgpackReader reader)
    {
        int count = reader.ReadMapHeader();
        long id = 0;
        string name = string.Empty;
        double score = 0;
        byte[] blob = [];
        for (int i = 0; i < count; i++)
        {
            switch (reader.ReadString())
            {
                case "id": id = reader.ReadInt64(); break;
                case "name": name = reader.ReadString(); break;
                case "score": score = reader.ReadDouble(); break;
                case "blob": blob = reader.ReadBinary(); break;
                default: reader.Skip(); break;
            }
        }

        return new TestSample(id, name, score, blob);
    }

    public static TestSample FromDynamic(DynamicSample sample)
        => new((long)sample["id"]!, (string)sample["name"]!, (double)sample["score"]!, (byte[])sample["blob"]!);

    public bool Equals(TestSample? other)
        => other is not null && Id == other.Id && Name == other.Name && Score.Equals(other.Score) && Blob.AsSpan().SequenceEqual(other.Blob);

    public override int GetHashCode() => HashCode.Combine(Id, Name);

    public static TestSample Make(int i, int blobSize = 16)
        => new(i, $"sample-{i}", i * 0.5, Enumerable.Range(0, blobSize).Select(b => (byte)(b + i)).ToArray());
}

/// <summary>A temporary directory deleted after the test.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "atdata-shards-" + Guid.NewGuid().ToString("n")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string this[string name] => System.IO.Path.Combine(Path, name);

    public string[] Files() => Directory.GetFiles(Path).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class ShardTestHelpers
{
    /// <summary>Reads every sample of a shard held in memory, owning the bytes.</summary>
    public static async Task<List<ShardSample>> ReadAllAsync(byte[] shard, ShardReaderOptions? options = null, string url = "test.tar")
    {
        await using var reader = new ShardReader(new MemoryStream(shard), url, options);
        var samples = new List<ShardSample>();
        await foreach (var sample in reader.ReadSamplesAsync())
        {
            samples.Add(sample.ToOwned());
        }

        return samples;
    }

    public static Task<List<ShardSample>> ReadFileAsync(string path, ShardReaderOptions? options = null)
        => ReadAllAsync(System.IO.File.ReadAllBytes(path), options, path);

    /// <summary>Members of a tar read with .NET's own <see cref="System.Formats.Tar.TarReader"/>.</summary>
    public static List<(string Name, byte[] Data, System.Formats.Tar.TarEntryFormat Format)> ReadWithTarReader(byte[] tar)
    {
        using var reader = new System.Formats.Tar.TarReader(new MemoryStream(tar));
        var members = new List<(string, byte[], System.Formats.Tar.TarEntryFormat)>();
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            using var copy = new MemoryStream();
            entry.DataStream?.CopyTo(copy);
            members.Add((entry.Name, copy.ToArray(), entry.Format));
        }

        return members;
    }

    /// <summary>Bytes allocated (all threads) while running <paramref name="action"/>.</summary>
    public static async Task<long> AllocatedAsync(Func<Task> action)
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);
        await action();
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    public static byte[] Msgpack(int i) => TestSample.Make(i).Pack();
}

internal static class TestSamplePacking
{
    public static byte[] Pack(this TestSample sample) => Packer.Pack(sample);
}
