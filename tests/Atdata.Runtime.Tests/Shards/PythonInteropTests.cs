using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Atdata.Msgpack;
using NUnit.Framework;

namespace Atdata.Runtime.Tests.Shards;

/// <summary>
/// Shards written by this SDK decode in Python with tarfile (<c>r|*</c>), msgpack and numpy, value for value.
/// Needs Debian's <c>/usr/bin/python3</c> with <c>python3-msgpack</c> and <c>python3-numpy</c> (scripts/test.sh
/// installs them); without them the test fails rather than passing silently.
/// </summary>
public class PythonInteropTests
{
    private const string Python = "/usr/bin/python3";

    [Test]
    public async Task Shards_written_in_csharp_decode_in_python_value_for_value()
    {
        EnsurePython();
        using var dir = new TempDir();
        var image = new NdArray<float>([1.5f, -2f, 3.25f, 0f, float.Epsilon, 1e30f], 2, 3);
        var expected = new List<(string? Key, Dictionary<string, object?> Values)>
        {
            ("primitives", new Dictionary<string, object?>
            {
                ["text"] = "héllo ✓ ünïcode",
                ["empty"] = string.Empty,
                ["int"] = 42L,
                ["negative"] = -7L,
                ["big"] = 1L << 40,
                ["min"] = long.MinValue,
                ["huge"] = ulong.MaxValue,
                ["float"] = 0.1,
                ["tiny"] = 5e-324,
                ["large"] = 1e300,
                ["yes"] = true,
                ["no"] = false,
                ["none"] = null,
                ["bytes"] = new byte[] { 0, 1, 127, 128, 255 },
            }),
            ("containers", new Dictionary<string, object?>
            {
                ["list"] = new object?[] { 1L, "two", 3.5, null, new object?[] { true } },
                ["dict"] = new Dictionary<string, object?> { ["a"] = 1L, ["b"] = new Dictionary<string, object?> { ["c"] = "d" } },
                ["empty_list"] = Array.Empty<object?>(),
            }),
            ("arrays", new Dictionary<string, object?>
            {
                ["image"] = NdArray.From(image),
                ["ids"] = NdArray.From(new NdArray<long>([long.MinValue, -1, 0, long.MaxValue])),
                ["scalar"] = NdArray.From(NdArray<double>.Scalar(Math.PI)),
                ["label"] = "cat",
            }),
            (new string('k', 120), new Dictionary<string, object?> { ["long_key"] = true }),
            (null, new Dictionary<string, object?> { ["uuid_key"] = 1L }),
            ("empty", new Dictionary<string, object?>()),
        };

        var typed = new ImageRecord(new NdArray<float>([0.25f, -0.5f, 8f, 16f], 2, 2), "dog");
        var writer = new ShardWriter(dir["py-%06d.tar"], new ShardWriterOptions { MaxCount = 3, FlushToDisk = false });
        var keys = new List<string>();
        await using (writer)
        {
            foreach (var (key, values) in expected)
            {
                string actualKey = key ?? SampleKey.NewKey();
                keys.Add(actualKey);
                await writer.WriteAsync(new DynamicSample(values), actualKey);
            }

            await writer.WriteAsync(typed, "typed");
            await writer.WriteAsync(TestSample.Make(7), "testsample");
        }

        // One more shard with no sample at all.
        await new ShardWriter(dir["py-empty.tar"]).DisposeAsync();

        var shards = writer.ShardUrls.Append(dir["py-empty.tar"]).ToArray();
        Assert.That(shards, Has.Length.EqualTo(4));
        using var output = RunDecoder("image,ids,scalar", shards);
        var pyShards = output.RootElement.GetProperty("shards").EnumerateArray().ToArray();
        var samples = pyShards.SelectMany(s => s.GetProperty("samples").EnumerateArray()).ToArray();

        Assert.That(samples.Select(s => s.GetProperty("key").GetString()), Is.EqualTo(keys.Append("typed").Append("testsample")));
        Assert.That(samples.Select(s => s.GetProperty("suffixes").EnumerateArray().Single().GetString()), Is.All.EqualTo("msgpack"));
        Assert.That(pyShards.Select(s => s.GetProperty("samples").GetArrayLength()), Is.EqualTo(new[] { 3, 3, 2, 0 }));

        for (int i = 0; i < expected.Count; i++)
        {
            AssertSame(expected[i].Values, samples[i].GetProperty("sample"), $"sample {expected[i].Key ?? "uuid"}");
        }

        var pyTyped = samples[^2].GetProperty("sample");
        Assert.That(pyTyped.GetProperty("label").GetString(), Is.EqualTo("dog"));
        AssertSame(NdArray.From(typed.Image), pyTyped.GetProperty("image"), "typed image");
        var pyTest = samples[^1].GetProperty("sample");
        Assert.That(pyTest.GetProperty("id").GetInt64(), Is.EqualTo(7));
        Assert.That(pyTest.GetProperty("blob").GetProperty("$bytes").GetString(), Is.EqualTo(Convert.ToHexStringLower(TestSample.Make(7).Blob)));

        foreach (var member in pyShards.SelectMany(s => s.GetProperty("members").EnumerateArray()))
        {
            Assert.That(member.GetProperty("type").GetString(), Is.EqualTo("0"));
            Assert.That(member.GetProperty("mode").GetInt32(), Is.EqualTo(0b110_100_100));
            Assert.That(member.GetProperty("mtime").GetDouble(), Is.Zero);
            Assert.That(member.GetProperty("uid").GetInt32(), Is.Zero);
            Assert.That(member.GetProperty("name").GetString(), Does.EndWith(".msgpack"));
        }
    }

    private static void EnsurePython()
    {
        if (!File.Exists(Python))
        {
            Assert.Fail($"{Python} is missing: the interop test needs Debian's python3 with python3-msgpack and python3-numpy (scripts/test.sh installs them).");
        }

        var (code, _, error) = Run(["-c", "import msgpack, numpy"]);
        if (code != 0)
        {
            Assert.Fail($"{Python} cannot import msgpack and numpy (install the Debian packages python3-msgpack python3-numpy; scripts/test.sh does): {error}");
        }
    }

    private static JsonDocument RunDecoder(string arrays, IEnumerable<string> shards)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "Shards", "decode_shard.py");
        Assert.That(File.Exists(script), Is.True, $"{script} was not copied to the output");
        var (code, output, error) = Run([script, "--arrays", arrays, .. shards]);
        Assert.That(code, Is.Zero, $"decode_shard.py failed: {error}");
        return JsonDocument.Parse(output);
    }

    private static (int Code, string Output, string Error) Run(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("python3 did not finish within 120 s");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    private static void AssertSame(object? expected, JsonElement actual, string path)
    {
        switch (expected)
        {
            case null:
                Assert.That(actual.ValueKind, Is.EqualTo(JsonValueKind.Null), path);
                break;
            case string s:
                Assert.That(actual.GetString(), Is.EqualTo(s), path);
                break;
            case bool b:
                Assert.That(actual.ValueKind, Is.EqualTo(b ? JsonValueKind.True : JsonValueKind.False), path);
                break;
            case long or ulong:
                Assert.That(actual.ValueKind, Is.EqualTo(JsonValueKind.Number), path);
                Assert.That(actual.GetRawText(), Is.EqualTo(Convert.ToString(expected, CultureInfo.InvariantCulture)), path);
                break;
            case double d:
                Assert.That(BitConverter.DoubleToInt64Bits(ParseFloat(actual.GetProperty("$float"))), Is.EqualTo(BitConverter.DoubleToInt64Bits(d)), path);
                break;
            case byte[] bytes:
                Assert.That(actual.GetProperty("$bytes").GetString(), Is.EqualTo(Convert.ToHexStringLower(bytes)), path);
                break;
            case NdArray array:
                var nd = actual.GetProperty("$ndarray");
                Assert.That(nd.GetProperty("dtype").GetString(), Is.EqualTo(array.DType.Text), path);
                Assert.That(nd.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()), Is.EqualTo(array.Shape.ToArray()), path);
                var values = nd.GetProperty("values").EnumerateArray().ToArray();
                switch (array.DType.Text)
                {
                    case "<f4":
                        Assert.That(values.Select(v => (float)ParseFloat(v)), Is.EqualTo(array.As<float>().ToArray()), path);
                        break;
                    case "<f8":
                        Assert.That(values.Select(ParseFloat), Is.EqualTo(array.As<double>().ToArray()), path);
                        break;
                    case "<i8":
                        Assert.That(values.Select(v => v.GetInt64()), Is.EqualTo(array.As<long>().ToArray()), path);
                        break;
                    default:
                        Assert.Fail($"{path}: no comparison for dtype {array.DType}");
                        break;
                }

                break;
            case IReadOnlyDictionary<string, object?> map:
                Assert.That(actual.EnumerateObject().Select(p => p.Name), Is.EqualTo(map.Keys), path);
                foreach (var (key, value) in map)
                {
                    AssertSame(value, actual.GetProperty(key), $"{path}.{key}");
                }

                break;
            case IEnumerable<object?> list:
                var items = list.ToArray();
                Assert.That(actual.GetArrayLength(), Is.EqualTo(items.Length), path);
                for (int i = 0; i < items.Length; i++)
                {
                    AssertSame(items[i], actual[i], $"{path}[{i}]");
                }

                break;
            default:
                Assert.Fail($"{path}: no comparison for {expected.GetType()}");
                break;
        }
    }

    private static double ParseFloat(JsonElement repr) => double.Parse(repr.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
}

/// <summary>A typed sample with an array field, serialized through <see cref="NdArrayMsgpack"/>.</summary>
internal sealed record ImageRecord(NdArray<float> Image, string Label) : IPackable<ImageRecord>
{
    public static string SchemaName => nameof(ImageRecord);

    public static SchemaRecord Schema { get; } = new(nameof(ImageRecord), "1.0.0", []);

    public static IReadOnlyList<FieldDescriptor> Fields => [];

    public static string SchemaCid => Schema.ComputeStableCid().ToString();

    public static void Write(ref MsgpackWriter writer, ImageRecord value)
    {
        writer.WriteMapHeader(2);
        writer.WriteString("image");
        NdArrayMsgpack.WriteNdArray(ref writer, value.Image);
        writer.WriteString("label");
        writer.WriteString(value.Label);
    }

    public static ImageRecord Read(ref MsgpackReader reader) => throw new NotSupportedException();

    public static ImageRecord FromDynamic(DynamicSample sample) => throw new NotSupportedException();
}
