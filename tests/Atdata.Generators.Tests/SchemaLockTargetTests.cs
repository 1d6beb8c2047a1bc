using System.Diagnostics;
using System.Text;
using Atdata.Generators.Tests.Infrastructure;
using NUnit.Framework;

namespace Atdata.Generators.Tests;

/// <summary>
/// End to end: a real project built with <c>dotnet build</c>, the generator as an analyzer and the Atdata.Runtime
/// package's build files imported. <c>dotnet build -t:AtdataUpdateSchemaLock</c> writes exactly the lock the
/// generator's entries describe; a later build checks the code against it; the target also works while the
/// checks fail the normal build.
/// </summary>
[TestFixture]
[Category("Slow")]
[NonParallelizable]
public sealed class SchemaLockTargetTests
{
    private const string Version1 = """
        using Atdata;
        namespace Lab;
        [Packable(Version = "1.0.0", Description = "A labelled count.")]
        public partial record Sample(string Label, int Count);
        [Packable]
        public partial record Other(NdArray<float> Values);
        """;

    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(4);

    private string _directory = null!;

    private string LockPath => Path.Combine(_directory, SchemaLocks.FileName);

    [SetUp]
    public void CreateProject()
    {
        _directory = Path.Combine(Path.GetTempPath(), "atdata-lock-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        string repo = Path.GetFullPath(Path.Combine(Snapshots.Root, "..", "..", ".."));
        string build = Path.Combine(repo, "src", "Atdata.Runtime", "build");
        string runtime = typeof(PackableAttribute).Assembly.Location;
        var references = new StringBuilder();
        foreach (string dll in new[] { runtime, Path.Combine(Path.GetDirectoryName(runtime)!, "System.Numerics.Tensors.dll") }.Where(File.Exists))
        {
            references.Append("    <Reference Include=\"").Append(dll).Append("\" />\n");
        }

        File.WriteAllText(Path.Combine(_directory, "Lab.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{Path.Combine(build, "Atdata.Runtime.props")}" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <LangVersion>latest</LangVersion>
                <UseSharedCompilation>false</UseSharedCompilation>
              </PropertyGroup>
              <ItemGroup>
            {references}    <Analyzer Include="{typeof(PackableGenerator).Assembly.Location}" />
              </ItemGroup>
              <Import Project="{Path.Combine(build, "Atdata.Runtime.targets")}" />
            </Project>
            """);
        WriteSource(Version1);
    }

    [TearDown]
    public void DeleteProject()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public void Update_target_writes_the_lock_and_builds_check_against_it()
    {
        var update = Dotnet("build", "-t:AtdataUpdateSchemaLock");
        Assert.That(update.ExitCode, Is.Zero, update.Output);
        Assert.That(update.Output, Does.Contain("Atdata: wrote"));
        Assert.That(File.ReadAllText(LockPath), Is.EqualTo(SchemaLocks.For(Version1)));
        Assert.That(File.ReadAllBytes(LockPath).Take(3), Is.Not.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "no BOM");

        var checkedBuild = Dotnet("build");
        Assert.That(checkedBuild.ExitCode, Is.Zero, checkedBuild.Output);
        Assert.That(checkedBuild.Output, Does.Not.Contain("ATD01"));

        // A field added without a version change fails the build.
        string changed = Version1.Replace("int Count);", "int Count, string? Note);", StringComparison.Ordinal);
        WriteSource(changed);
        var failing = Dotnet("build");
        Assert.That(failing.ExitCode, Is.Not.Zero);
        Assert.That(failing.Output, Does.Contain("error ATD0110").And.Contain("field 'note' was added"));
        Assert.That(File.ReadAllText(LockPath), Is.EqualTo(SchemaLocks.For(Version1)), "a normal build never writes the lock");

        // The documented fix: raise the version (minor for an added field) and update the lock.
        changed = changed.Replace("Version = \"1.0.0\"", "Version = \"1.1.0\"", StringComparison.Ordinal);
        WriteSource(changed);
        var raised = Dotnet("build");
        Assert.That(raised.ExitCode, Is.Zero, raised.Output);
        var updated = Dotnet("build", "-t:AtdataUpdateSchemaLock");
        Assert.That(updated.ExitCode, Is.Zero, updated.Output);
        Assert.That(File.ReadAllText(LockPath), Is.EqualTo(SchemaLocks.For(changed)));

        // Running it again leaves the file alone.
        var written = File.GetLastWriteTimeUtc(LockPath);
        var again = Dotnet("build", "-t:AtdataUpdateSchemaLock");
        Assert.That(again.ExitCode, Is.Zero, again.Output);
        Assert.That(again.Output, Does.Contain("is up to date"));
        Assert.That(File.GetLastWriteTimeUtc(LockPath), Is.EqualTo(written));
    }

    [Test]
    public void Update_target_works_while_the_checks_fail_the_build_and_a_malformed_lock_is_reported()
    {
        File.WriteAllText(LockPath, "{\n  \"atdataSchemaLock\": 1,\n  \"schemas\": [\n  ],\n}\n");
        var malformed = Dotnet("build");
        Assert.That(malformed.ExitCode, Is.Not.Zero);
        Assert.That(malformed.Output, Does.Contain(SchemaLocks.FileName + "(5,1): error ATD0115: The schema lock cannot be read: expected a string key"));

        var update = Dotnet("build", "-t:AtdataUpdateSchemaLock");
        Assert.That(update.ExitCode, Is.Zero, update.Output);
        Assert.That(File.ReadAllText(LockPath), Is.EqualTo(SchemaLocks.For(Version1)));

        string retyped = Version1.Replace("int Count", "double Count", StringComparison.Ordinal);
        WriteSource(retyped);
        var failing = Dotnet("build");
        Assert.That(failing.Output, Does.Contain("error ATD0110").And.Contain("field 'count' changed type from int to float"));

        var accepted = Dotnet("build", "-t:AtdataUpdateSchemaLock");
        Assert.That(accepted.ExitCode, Is.Zero, accepted.Output);
        Assert.That(File.ReadAllText(LockPath), Is.EqualTo(SchemaLocks.For(retyped)));
        var passing = Dotnet("build");
        Assert.That(passing.ExitCode, Is.Zero, passing.Output);
    }

    private void WriteSource(string source) => File.WriteAllText(Path.Combine(_directory, "Sample.cs"), source);

    /// <summary>Runs <c>dotnet</c> in the project folder without MSBuild node reuse or the compiler server, so no process outlives the test.</summary>
    private (int ExitCode, string Output) Dotnet(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments.Concat(["-nodeReuse:false", "-nologo", "-p:UseSharedCompilation=false"]))
        {
            start.ArgumentList.Add(argument);
        }

        // The test host may run inside MSBuild; a child build must find its own SDK and settings.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("dotnet " + string.Join(' ', arguments) + " did not finish in " + s_timeout);
        }

        return (process.ExitCode, output.Result + error.Result);
    }
}
