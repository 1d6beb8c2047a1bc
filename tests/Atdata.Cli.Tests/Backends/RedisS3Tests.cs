using System.Text.Json;
using Atdata.Cli.Tests.Infrastructure;
using Atdata.Local;

namespace Atdata.Cli.Tests.Backends;

/// <summary>Every index verb against the real Redis (index) and S3 server (shards), configured by options and by environment.</summary>
public sealed class RedisS3Tests : CliTestBase
{
    private const int Database = 12;
    private string _index = null!;
    private string _envFile = null!;
    private string _bucket = null!;

    [SetUp]
    public async Task Configure()
    {
        _index = $"redis://{Servers.Redis()}/{Database}";
        Servers.FlushDatabase(Database);
        _envFile = Servers.S3EnvFile(Dir.Path);
        _bucket = await Servers.NewBucketAsync(_envFile);
    }

    private string[] Args(params string[] args) => [.. args, "--index", _index, "--s3-env", _envFile, "--bucket", _bucket];

    [Test]
    public async Task Insert_ls_show_verify_gc_round_trip_through_S3()
    {
        var insert = await Cli.RunAsync(Args("insert", TestVectors.PythonFixtureShard, "--name", "fixture", "--prefix", "cli/fixture", "--json"));
        Assert.That(insert.ExitCode, Is.EqualTo(0), insert.ToString());
        using var inserted = JsonDocument.Parse(insert.Stdout);
        var entry = inserted.RootElement.GetProperty("entry");
        string url = entry.GetProperty("dataUrls")[0].GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(url, Does.StartWith($"s3://{_bucket}/cli/fixture/data--"));
            Assert.That(entry.GetProperty("metadata").GetProperty("checksums").GetProperty(url).GetString(), Has.Length.EqualTo(64));
            Assert.That(insert.Stderr, Does.Contain("insert: 1/1 read python_fixture_test_samples.tar"), "plain progress lines when stderr is not a terminal");
        });

        var ls = await Cli.RunAsync(Args("ls"));
        Assert.That(ls.ExitCode, Is.EqualTo(0), ls.ToString());
        Assert.That(ls.Stdout, Does.Contain("fixture").And.Contain(entry.GetProperty("cid").GetString()!));

        var byCid = await Cli.RunAsync(Args("show", entry.GetProperty("cid").GetString()!, "--json"));
        Assert.That(byCid.ExitCode, Is.EqualTo(0), byCid.ToString());
        using (var shown = JsonDocument.Parse(byCid.Stdout))
        {
            Assert.That(shown.RootElement.GetProperty("name").GetString(), Is.EqualTo("fixture"));
        }

        // The inserted shard reads back from S3 (inspect through the configured bucket).
        var inspect = await Cli.RunAsync(Args("inspect", url, "--json"));
        Assert.That(inspect.ExitCode, Is.EqualTo(0), inspect.ToString());
        using (var inspected = JsonDocument.Parse(inspect.Stdout))
        {
            Assert.That(inspected.RootElement.GetProperty("sampleCount").GetInt64(), Is.EqualTo(3));
        }

        var verify = await Cli.RunAsync(Args("verify", "fixture"));
        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());
        Assert.That(verify.Stdout, Does.Contain("verified: fixture, 1 shards, 0 failed"));

        var gc = await Cli.RunAsync(Args("gc", "--older-than", "0s", "--json"));
        Assert.That(gc.ExitCode, Is.EqualTo(0), gc.ToString());
        using (var collected = JsonDocument.Parse(gc.Stdout))
        {
            var s3 = collected.RootElement.GetProperty("s3");
            Assert.That(s3.GetProperty("deletedObjects").GetArrayLength(), Is.EqualTo(0), "a referenced shard is never an orphan");
            Assert.That(s3.GetProperty("referencedObjects").GetInt32(), Is.EqualTo(1));
        }

        // Delete the object behind the entry: verify reports it missing and exits 1.
        using (var store = new S3DataStore(S3Credentials.FromEnvFile(_envFile), _bucket))
        {
            await store.DeleteAsync([url]);
        }

        var broken = await Cli.RunAsync(Args("verify", "fixture", "--json"));
        Assert.That(broken.ExitCode, Is.EqualTo(1), broken.ToString());
        using var report = JsonDocument.Parse(broken.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(report.RootElement.GetProperty("ok").GetBoolean(), Is.False);
            Assert.That(report.RootElement.GetProperty("shards")[0].GetProperty("status").GetString(), Is.EqualTo("missing"));
        });
    }

    [Test]
    public async Task Gc_removes_an_orphaned_shard_object()
    {
        // A shard-named object no entry references, as a crashed insert leaves it.
        string orphanDir = Path.Combine(Dir.Path, "orphan");
        Directory.CreateDirectory(orphanDir);
        using (var store = new S3DataStore(S3Credentials.FromEnvFile(_envFile), _bucket))
        {
            await store.WriteShardsAsync(new Dataset<DynamicSample>(TestVectors.PythonFixtureShard), "left/behind");
        }

        // The server stamps objects in whole seconds, possibly ahead of this clock: wait until it reports the object as old.
        CliResult dry = null!;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            dry = await Cli.RunAsync(Args("gc", "--older-than", "0s", "--dry-run", "--json"));
            if (dry.Stdout.Contains("left/behind", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(500);
        }

        var real = await Cli.RunAsync(Args("gc", "--older-than", "0s", "--json"));
        var again = await Cli.RunAsync(Args("gc", "--older-than", "0s", "--json"));
        using var dryDoc = JsonDocument.Parse(dry.Stdout);
        using var realDoc = JsonDocument.Parse(real.Stdout);
        using var againDoc = JsonDocument.Parse(again.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(dryDoc.RootElement.GetProperty("s3").GetProperty("deletedObjects").GetArrayLength(), Is.EqualTo(1));
            Assert.That(realDoc.RootElement.GetProperty("s3").GetProperty("deletedObjects")[0].GetString(), Does.StartWith($"s3://{_bucket}/left/behind/data--"));
            Assert.That(againDoc.RootElement.GetProperty("s3").GetProperty("deletedObjects").GetArrayLength(), Is.EqualTo(0));
        });
    }

    [Test]
    public async Task Configuration_comes_from_the_environment_too()
    {
        Cli.With("ATDATA_INDEX", _index).With("ATDATA_S3_ENV", _envFile).With("ATDATA_BUCKET", _bucket);
        var insert = await Cli.RunAsync("insert", TestVectors.PythonFixtureShard, "--name", "from-env");
        var ls = await Cli.RunAsync("ls", "--json");
        Assert.That(insert.ExitCode, Is.EqualTo(0), insert.ToString());
        using var doc = JsonDocument.Parse(ls.Stdout);
        var entries = doc.RootElement.GetProperty("entries");
        Assert.That(entries.GetArrayLength(), Is.EqualTo(1));
        Assert.That(entries[0].GetProperty("dataUrls")[0].GetString(), Does.StartWith($"s3://{_bucket}/from-env/"));
    }

    [Test]
    public async Task Insert_of_a_taken_name_fails_with_one_line_and_overwrite_replaces()
    {
        Assert.That((await Cli.RunAsync(Args("insert", TestVectors.PythonFixtureShard, "--name", "twice"))).ExitCode, Is.EqualTo(0));
        var again = await Cli.RunAsync(Args("insert", TestVectors.PythonFixtureShard, "--name", "twice"));
        var overwrite = await Cli.RunAsync(Args("insert", TestVectors.PythonFixtureShard, "--name", "twice", "--overwrite"));
        Assert.Multiple(() =>
        {
            Assert.That(again.ExitCode, Is.EqualTo(1));
            Assert.That(again.Stderr, Does.StartWith("atdata: error: ").And.Contain("twice"));
            Assert.That(again.ErrorLines.Count(l => l.StartsWith("atdata: error:", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(overwrite.ExitCode, Is.EqualTo(0), overwrite.ToString());
        });
    }

    [Test]
    public async Task Show_of_an_unknown_name_exits_1()
    {
        var result = await Cli.RunAsync(Args("show", "nope"));
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stderr.Trim(), Is.EqualTo("atdata: error: No dataset named 'nope' (or with that CID) in the index."));
    }

    [Test]
    public async Task Diagnose_reports_redis_settings_and_the_bucket()
    {
        var result = await Cli.RunAsync(Args("diagnose", "--json"));
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        using var doc = JsonDocument.Parse(result.Stdout);
        var index = doc.RootElement.GetProperty("index");
        var store = doc.RootElement.GetProperty("store");
        Assert.Multiple(() =>
        {
            Assert.That(doc.RootElement.GetProperty("ok").GetBoolean(), Is.True);
            Assert.That(index.GetProperty("kind").GetString(), Is.EqualTo("redis"));
            Assert.That(index.GetProperty("facts").GetProperty("reachable").GetBoolean(), Is.True);
            Assert.That(index.GetProperty("facts").GetProperty("appendonly").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(index.GetProperty("facts").GetProperty("save").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(index.GetProperty("facts").GetProperty("usedMemory").GetInt64(), Is.GreaterThan(0));
            Assert.That(index.GetProperty("facts").GetProperty("maxmemoryPolicy").GetString(), Is.Not.Empty);
            Assert.That(store.GetProperty("facts").GetProperty("bucketExists").GetBoolean(), Is.True);
        });
    }

    [Test]
    public async Task Diagnose_fails_for_a_missing_bucket_and_an_unreachable_redis()
    {
        var noBucket = await Cli.RunAsync("diagnose", "--index", _index, "--s3-env", _envFile, "--bucket", "atdata-cli-no-such-bucket");
        var noRedis = await Cli.RunAsync("diagnose", "--index", "redis://127.0.0.1:1/0", "--json");
        Assert.Multiple(() =>
        {
            Assert.That(noBucket.ExitCode, Is.EqualTo(1), noBucket.ToString());
            Assert.That(noBucket.Stdout, Does.Contain("does not exist").And.Contain("some checks FAILED"));
            Assert.That(noRedis.ExitCode, Is.EqualTo(1), noRedis.ToString());
        });
        using var doc = JsonDocument.Parse(noRedis.Stdout);
        Assert.That(doc.RootElement.GetProperty("index").GetProperty("facts").GetProperty("reachable").GetBoolean(), Is.False);
    }

    [Test]
    public async Task Schema_list_show_diff_codegen_read_the_index()
    {
        await using (var index = new LocalIndex(new LocalIndexOptions { ConnectionString = Servers.Redis(), Database = Database }))
        {
            await index.PublishSchemaAsync<ImageSample>(version: "1.0.0");
            await index.PublishSchemaAsync(new SchemaRecord("ImageSample", "1.1.0",
                [.. ImageSample.Schema.Fields.Where(f => f.Name != "index"), new SchemaField("caption", SchemaFieldType.Str, optional: true)]), version: "1.1.0");
        }

        var list = await Cli.RunAsync(Args("schema", "list"));
        var show = await Cli.RunAsync(Args("schema", "show", "ImageSample@1.0.0", "--json"));
        var diff = await Cli.RunAsync(Args("schema", "diff", "ImageSample@1.0.0", "atdata://local/sampleSchema/ImageSample@1.1.0", "--json"));
        var codegen = await Cli.RunAsync(Args("schema", "codegen", "ImageSample@1.1.0", "--namespace", "Lab"));
        Assert.Multiple(() =>
        {
            Assert.That(list.ExitCode, Is.EqualTo(0), list.ToString());
            Assert.That(list.Stdout, Does.Match(@"ImageSample\s+1\.0\.0\s+3").And.Match(@"ImageSample\s+1\.1\.0\s+3"));
            Assert.That(show.ExitCode, Is.EqualTo(0), show.ToString());
            Assert.That(codegen.Stdout, Does.Contain("namespace Lab;").And.Contain("public partial record ImageSample").And.Contain("Field(\"caption\")"));
        });
        using var shown = JsonDocument.Parse(show.Stdout);
        Assert.That(shown.RootElement.GetProperty("schemaCid").GetString(), Is.EqualTo(ImageSample.SchemaCid));
        using var diffed = JsonDocument.Parse(diff.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(diffed.RootElement.GetProperty("added")[0].GetProperty("name").GetString(), Is.EqualTo("caption"));
            Assert.That(diffed.RootElement.GetProperty("removed")[0].GetProperty("name").GetString(), Is.EqualTo("index"));
            Assert.That(diffed.RootElement.GetProperty("version").GetProperty("to").GetString(), Is.EqualTo("1.1.0"));
        });
    }
}
