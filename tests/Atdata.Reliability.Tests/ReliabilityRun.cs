using Atdata.Reliability.Tests.Infrastructure;
using NUnit.Framework;

namespace Atdata.Reliability.Tests;

/// <summary>Writes the figures after every fixture of the assembly has run (in the root namespace, so it wraps them all).</summary>
[SetUpFixture]
public sealed class FiguresWriter
{
    [OneTimeTearDown]
    public void WriteFigures()
    {
        string path = Path.Combine(RepoPaths.TestResults, "reliability-figures.json");
        Figures.Write(path);
        // S1 across the whole run: whatever any test captured must be free of the canaries.
        Assert.That(SecretScan.Leaks(), Is.Empty, "a canary secret appeared in captured output");
        TestContext.Progress.WriteLine($"reliability figures written to {Path.GetRelativePath(RepoPaths.Root, path)}");
    }
}
