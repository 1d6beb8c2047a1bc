namespace Atdata.Cli.Tests.Infrastructure;

/// <summary>A temp directory (also the embedded ATDATA_HOME) and a tool instance per test.</summary>
#pragma warning disable CA1001 // NUnit's TearDown disposes the directory.
public abstract class CliTestBase
#pragma warning restore CA1001
{
    protected TempDirectory Dir { get; private set; } = null!;

    protected CliHarness Cli { get; private set; } = null!;

    [SetUp]
    public void CreateTool()
    {
        Dir = new TempDirectory();
        Cli = new CliHarness(Path.Combine(Dir.Path, "home"));
    }

    [TearDown]
    public void DeleteDirectory() => Dir.Dispose();
}
