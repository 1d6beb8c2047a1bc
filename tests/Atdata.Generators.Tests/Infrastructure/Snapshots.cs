using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using NUnit.Framework;

namespace Atdata.Generators.Tests.Infrastructure;

/// <summary>
/// Golden files for generated code: <c>Snapshots/&lt;TestName&gt;/&lt;hint&gt;.txt</c>, with the generator
/// version replaced by <c>%VERSION%</c>. Run with <c>ATDATA_UPDATE_SNAPSHOTS=1</c> to rewrite them (stale
/// files are deleted); that run always fails so an update can never pass unnoticed. With <c>CI=true</c>
/// nothing is ever written.
/// </summary>
internal static class Snapshots
{
    private const string VersionPlaceholder = "%VERSION%";
    private const string Extension = ".txt";

    public static string Root
    {
        get
        {
            var attribute = typeof(Snapshots).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "AtdataSnapshotDir");
            return attribute?.Value ?? throw new InvalidOperationException("The test assembly has no AtdataSnapshotDir metadata.");
        }
    }

    private static bool UpdateRequested => Environment.GetEnvironmentVariable("ATDATA_UPDATE_SNAPSHOTS") == "1";

    private static bool IsCI => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Runs the generator on <paramref name="source"/> and checks that it compiles without warnings, reports
    /// no diagnostics and produces exactly the snapshot files of the calling test.
    /// </summary>
    public static async Task VerifyAsync(string source, [CallerMemberName] string testName = "")
    {
        string directory = Path.Combine(Root, testName);
        if (UpdateRequested)
        {
            if (IsCI)
            {
                Assert.Fail("ATDATA_UPDATE_SNAPSHOTS=1 is ignored when CI=true; snapshots are never written in CI.");
            }

            Update(source, directory);
            Assert.Fail($"snapshots updated: review and commit ({testName}).");
        }

        if (!Directory.Exists(directory))
        {
            Assert.Fail($"No snapshots for {testName}. Run the tests with ATDATA_UPDATE_SNAPSHOTS=1, review the files, and commit them.");
        }

        var files = Directory.GetFiles(directory, "*" + Extension);
        Array.Sort(files, StringComparer.Ordinal);
        var test = new GeneratorTest(source);
        foreach (string file in files)
        {
            string hintName = Path.GetFileName(file)[..^Extension.Length];
            string content = File.ReadAllText(file).Replace(VersionPlaceholder, PackableGenerator.Emitter.GeneratorVersion, StringComparison.Ordinal);
            test.AddGeneratedSource(hintName, content);
        }

        await test.RunAsync();
    }

    private static void Update(string source, string directory)
    {
        var (result, _) = TestCompilation.Run(source);
        Directory.CreateDirectory(directory);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var generated in result.Results.SelectMany(r => r.GeneratedSources))
        {
            string path = Path.Combine(directory, generated.HintName + Extension);
            string content = generated.SourceText.ToString().Replace(PackableGenerator.Emitter.GeneratorVersion, VersionPlaceholder, StringComparison.Ordinal);
            File.WriteAllText(path, content);
            written.Add(path);
        }

        foreach (string stale in Directory.GetFiles(directory, "*" + Extension))
        {
            if (!written.Contains(stale))
            {
                File.Delete(stale);
            }
        }
    }

    /// <summary>The generated sources of one run, by hint name, for tests that inspect them directly.</summary>
    public static IReadOnlyDictionary<string, string> Generate(params string[] sources)
    {
        var (result, _) = TestCompilation.Run(sources);
        return result.Results.SelectMany(r => r.GeneratedSources)
            .ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
    }

    internal static IEnumerable<Diagnostic> GeneratorDiagnostics(GeneratorDriverRunResult result) => result.Diagnostics;
}
