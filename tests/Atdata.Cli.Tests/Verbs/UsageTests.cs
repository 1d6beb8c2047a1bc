using Atdata.Cli.Tests.Infrastructure;

namespace Atdata.Cli.Tests.Verbs;

/// <summary>Command-line mistakes exit 2 with one line on stderr; --help and --version exit 0.</summary>
public sealed class UsageTests : CliTestBase
{
    [TestCase("", TestName = "no verb")]
    [TestCase("frobnicate", TestName = "unknown verb")]
    [TestCase("inspect", TestName = "missing argument")]
    [TestCase("inspect a.tar --no-such-option", TestName = "unknown option")]
    [TestCase("preview a.tar --limit 0", TestName = "limit below one")]
    [TestCase("preview a.tar --limit many", TestName = "limit not a number")]
    [TestCase("cid a.tar", TestName = "cid without --schema-ref")]
    [TestCase("insert a.tar", TestName = "insert without --name")]
    [TestCase("gc --older-than soon", TestName = "bad duration")]
    [TestCase("ls --index postgres://db", TestName = "unknown index scheme")]
    [TestCase("ls --index redis://localhost/notanumber", TestName = "redis database not a number")]
    [TestCase("ls --index sqlite:", TestName = "sqlite without a path")]
    [TestCase("ls --bucket b", TestName = "bucket without credentials")]
    [TestCase("schema", TestName = "schema without a subcommand")]
    public async Task Usage_errors_exit_2_with_one_line(string commandLine)
    {
        var result = await Cli.RunAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.ErrorLines, Has.Count.EqualTo(1), result.ToString());
            Assert.That(result.Stderr, Does.StartWith("atdata: error: "));
            Assert.That(result.Stdout, Is.Empty);
        });
    }

    [Test]
    public async Task Help_lists_every_verb_and_exits_0()
    {
        var result = await Cli.RunAsync("--help");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        foreach (string verb in (string[])["inspect", "preview", "schema", "ls", "show", "insert", "verify", "cid", "gc", "diagnose"])
        {
            Assert.That(result.Stdout, Does.Contain(verb));
        }

        Assert.That(result.Stdout, Does.Contain("--json").And.Contain("--index").And.Contain("--s3-env").And.Contain("--bucket"));
    }

    [Test]
    public async Task Verb_help_exits_0()
    {
        var result = await Cli.RunAsync("schema", "lock", "--help");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Stdout, Does.Contain("--namespace").And.Contain("--output"));
    }

    [Test]
    public async Task Version_prints_the_version()
    {
        var result = await Cli.RunAsync("--version");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Stdout.Trim(), Does.StartWith("0."));
    }

    [Test]
    public async Task Failure_is_one_line_without_a_stack_trace_and_the_stack_with_verbose()
    {
        string missing = Dir.File("missing.tar");
        var plain = await Cli.RunAsync("inspect", missing);
        var verbose = await Cli.RunAsync("inspect", missing, "--verbose");
        Assert.Multiple(() =>
        {
            Assert.That(plain.ExitCode, Is.EqualTo(1));
            Assert.That(plain.ErrorLines, Has.Count.EqualTo(1), plain.ToString());
            Assert.That(plain.Stderr, Does.StartWith("atdata: error: ").And.Contain("does not exist"));
            Assert.That(plain.Stderr, Does.Not.Contain("   at "));
            Assert.That(verbose.ExitCode, Is.EqualTo(1));
            Assert.That(verbose.Stderr, Does.StartWith("atdata: error: ").And.Contain("   at "));
        });
    }
}
