namespace Atdata.Reliability.Tests.Infrastructure;

/// <summary>Paths inside the repository, found by walking up from the test binaries to the folder holding scripts/services.sh (as RedisTestBase does).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = Locate();

    /// <summary>The checked-in malicious corpus.</summary>
    public static string Corpus => Path.Combine(Root, "tests", "Atdata.Reliability.Tests", "Corpus");

    /// <summary>Where scripts/test.sh collects results; the figures file goes here.</summary>
    public static string TestResults => Path.Combine(Root, "artifacts", "test-results");

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "services.sh")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("scripts/services.sh not found above the test binaries.");
    }
}
