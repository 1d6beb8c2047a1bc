namespace Atdata.Reliability.Tests.Infrastructure;

/// <summary>Paths inside the repository, found by walking up from the test binaries to the folder holding scripts/services.sh (<see cref="TestServers.RepoRoot"/>).</summary>
internal static class RepoPaths
{
    public static string Root => TestServers.RepoRoot;

    /// <summary>The checked-in malicious corpus.</summary>
    public static string Corpus => Path.Combine(Root, "tests", "Atdata.Reliability.Tests", "Corpus");

    /// <summary>Where scripts/test.sh collects results; the figures file goes here.</summary>
    public static string TestResults => Path.Combine(Root, "artifacts", "test-results");
}
