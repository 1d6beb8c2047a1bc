using System.Diagnostics;
using System.Text.Json;
using Atdata.Cli.Tests.Infrastructure;

namespace Atdata.Cli.Tests.Native;

/// <summary>
/// End-to-end tests of the NativeAOT binary scripts/test.sh publishes (its path in <c>ATDATA_CLI</c>), on the
/// embedded default in a temporary ATDATA_HOME. Without the binary: failed under CI, ignored elsewhere.
/// </summary>
public sealed class NativeBinaryTests : CliTestBase
{
    private string _binary = null!;
    private string _home = null!;

    [SetUp]
    public void LocateBinary()
    {
        string? path = Environment.GetEnvironmentVariable("ATDATA_CLI");
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            TestServers.Unavailable("ATDATA_CLI does not name the published native atdata binary: run scripts/test.sh (without --quick), or publish src/Atdata.Cli with -r linux-x64 and set ATDATA_CLI");
        }

        _binary = path!;
        _home = Path.Combine(Dir.Path, "home");
    }

    [Test]
    public async Task Inspect_insert_ls_verify_and_tamper_with_the_native_binary()
    {
        var inspect = await RunAsync("inspect", TestVectors.PythonFixtureShard, "--json");
        Assert.That(inspect.ExitCode, Is.EqualTo(0), inspect.ToString());
        using (var doc = JsonDocument.Parse(inspect.Stdout))
        {
            Assert.That(doc.RootElement.GetProperty("sampleCount").GetInt64(), Is.EqualTo(3));
            Assert.That(doc.RootElement.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()), Is.EqualTo(new[] { "id", "name", "value" }));
        }

        var insert = await RunAsync("insert", TestVectors.PythonFixtureShard, "--name", "fixture");
        Assert.That(insert.ExitCode, Is.EqualTo(0), insert.ToString());
        Assert.That(insert.Stderr, Does.Contain("insert: 1/1"));

        var ls = await RunAsync("ls");
        Assert.That(ls.ExitCode, Is.EqualTo(0), ls.ToString());
        Assert.That(ls.Stdout, Does.Contain("fixture"));

        var verify = await RunAsync("verify", "fixture");
        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());

        var show = await RunAsync("show", "fixture", "--json");
        string shard;
        using (var doc = JsonDocument.Parse(show.Stdout))
        {
            shard = doc.RootElement.GetProperty("dataUrls")[0].GetString()!;
        }

        Assert.That(shard, Does.StartWith(Path.Combine(_home, "data")));
        byte[] bytes = await File.ReadAllBytesAsync(shard);
        bytes[520] ^= 0x01; // a byte of the first sample's msgpack
        await File.WriteAllBytesAsync(shard, bytes);
        var tampered = await RunAsync("verify", "fixture");
        Assert.That(tampered.ExitCode, Is.EqualTo(1), tampered.ToString());
        Assert.That(tampered.Stdout, Does.Contain("mismatch").And.Contain("FAILED"));

        File.Delete(shard);
        var missing = await RunAsync("verify", "fixture", "--json");
        Assert.That(missing.ExitCode, Is.EqualTo(1), missing.ToString());
        Assert.That(missing.Stdout, Does.Contain("\"missing\""));
    }

    [Test]
    public async Task A_truncated_shard_fails_with_one_line_and_no_stack()
    {
        byte[] bytes = await File.ReadAllBytesAsync(TestVectors.PythonFixtureShard);
        string truncated = Dir.File("truncated.tar");
        await File.WriteAllBytesAsync(truncated, bytes[..1100]);
        var result = await RunAsync("inspect", truncated);
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.ErrorLines, Has.Count.EqualTo(1));
        Assert.That(result.Stderr, Does.StartWith("atdata: error: ").And.Contain("truncated.tar"));
    }

    [Test]
    public async Task Usage_errors_exit_2_and_help_exits_0()
    {
        var usage = await RunAsync("inspect");
        var help = await RunAsync("--help");
        Assert.Multiple(() =>
        {
            Assert.That(usage.ExitCode, Is.EqualTo(2), usage.ToString());
            Assert.That(usage.ErrorLines, Has.Count.EqualTo(1));
            Assert.That(help.ExitCode, Is.EqualTo(0), help.ToString());
            Assert.That(help.Stdout, Does.Contain("diagnose"));
        });
    }

    private async Task<CliResult> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(_binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Only the embedded default of this test: no configuration of the machine leaks in.
        start.Environment["ATDATA_HOME"] = _home;
        foreach (string name in (string[])["ATDATA_INDEX", "ATDATA_S3_ENV", "ATDATA_BUCKET"])
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"atdata {string.Join(' ', args)} did not finish");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
