using Atdata.Cli.Tests.Infrastructure;

namespace Atdata.Cli.Tests.Backends;

/// <summary>
/// No verb ever prints a secret: the S3 secret key from the env file and a Redis password, in successes,
/// failures and diagnose, on stdout and stderr, with and without --verbose.
/// </summary>
public sealed class SecretTests : CliTestBase
{
    private const string RedisPassword = "pw-Qx7Sekr1t-redis";
    private const string FakeSecret = "SECRET-zz9-plural-z-alpha";

    private static readonly string[][] s_verbs =
    [
        ["ls"], ["show", "x"], ["verify", "x"], ["schema", "list"], ["schema", "show", "A@1.0.0"], ["gc"], ["diagnose"], ["diagnose", "--json"],
        ["insert", "FIXTURE", "--name", "secret-test"], ["inspect", "s3://BUCKET/nothing.tar"], ["preview", "s3://BUCKET/nothing.tar"],
    ];

    // Against unreachable servers every Redis verb waits for the connect timeout: a subset covers each kind of failure.
    private static readonly string[][] s_failingVerbs =
    [
        ["ls"], ["diagnose"], ["diagnose", "--json"], ["insert", "FIXTURE", "--name", "secret-test"], ["inspect", "s3://BUCKET/nothing.tar"],
    ];

    [Test]
    public async Task Secrets_never_reach_the_output_against_the_real_servers()
    {
        string env = Servers.S3EnvFile(Dir.Path);
        string bucket = await Servers.NewBucketAsync(env);
        string index = $"redis://:{RedisPassword}@{Servers.Redis()}/11";
        await AssertNoSecretAsync(s_verbs, [index, env, bucket], [RedisPassword, Servers.S3Secret], [false, true]);
    }

    [Test]
    public async Task Secrets_never_reach_the_output_when_everything_fails()
    {
        string env = Path.Combine(Dir.Path, "fake.env");
        await File.WriteAllTextAsync(env, $"AWS_ENDPOINT=http://127.0.0.1:1\nAWS_ACCESS_KEY_ID=someone\nAWS_SECRET_ACCESS_KEY={FakeSecret}\n");
        string index = $"redis://admin:{Uri.EscapeDataString(RedisPassword + "@/")}@127.0.0.1:1/0";
        await AssertNoSecretAsync(s_failingVerbs, [index, env, "no-bucket"], [RedisPassword, RedisPassword + "@/", FakeSecret], [true]);

        // A malformed --index with a password, and a parser error echoing it.
        var malformed = await Cli.RunAsync("ls", "--index", $"redis://:{RedisPassword}@host/notanumber");
        var echoed = await Cli.RunAsync("ls", $"redis://:{RedisPassword}@host/0");
        Assert.That(malformed.ExitCode, Is.EqualTo(2));
        Assert.That(echoed.ExitCode, Is.EqualTo(2));
        Assert.That(malformed.AllOutput + echoed.AllOutput, Does.Not.Contain(RedisPassword));
    }

    private async Task AssertNoSecretAsync(string[][] verbs, string[] config, string[] secrets, bool[] verbosity)
    {
        foreach (var verb in verbs)
        {
            var args = verb.Select(a => a == "FIXTURE" ? TestVectors.PythonFixtureShard : a.Replace("BUCKET", config[2], StringComparison.Ordinal)).ToList();
            foreach (bool verbose in verbosity)
            {
                string[] full = [.. args, "--index", config[0], "--s3-env", config[1], "--bucket", config[2], .. verbose ? (string[])["--verbose"] : []];
                var result = await Cli.RunAsync(full);
                foreach (string secret in secrets)
                {
                    Assert.That(result.AllOutput, Does.Not.Contain(secret), $"atdata {string.Join(' ', verb)}: {result}");
                }
            }
        }
    }
}
