using System.CommandLine;

namespace Atdata.Cli.Config;

/// <summary>
/// The configuration of one run, from the global options and, where an option is absent, the environment
/// (<c>ATDATA_INDEX</c>, <c>ATDATA_S3_ENV</c>, <c>ATDATA_BUCKET</c>, <c>ATDATA_HOME</c>).
/// </summary>
internal sealed record CliSettings
{
    public required bool Json { get; init; }

    public required bool Verbose { get; init; }

    public required IndexSpec Index { get; init; }

    /// <summary>The dotenv credentials file, or null.</summary>
    public string? S3EnvFile { get; init; }

    /// <summary>The S3 bucket shards go to, or null for local disk.</summary>
    public string? Bucket { get; init; }

    /// <summary>The embedded root: <c>ATDATA_HOME</c>, else <c>~/.atdata</c>.</summary>
    public required string Home { get; init; }

    public static CliSettings Resolve(ParseResult parse, GlobalOptions options, CliConsole console, SecretScrubber secrets)
    {
        string? Env(string name) => console.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;

        string home = Env("ATDATA_HOME") is { } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".atdata");
        string? indexText = parse.GetValue(options.Index) ?? Env("ATDATA_INDEX");
        var index = indexText is null ? IndexSpec.Embedded(home) : IndexSpec.Parse(indexText, secrets);
        string? bucket = parse.GetValue(options.Bucket) ?? Env("ATDATA_BUCKET");
        string? s3Env = parse.GetValue(options.S3Env) ?? Env("ATDATA_S3_ENV");
        if (bucket is not null && s3Env is null)
        {
            throw new CliUsageException("--bucket needs S3 credentials: give --s3-env FILE (or ATDATA_S3_ENV).");
        }

        return new CliSettings
        {
            Json = parse.GetValue(options.Json),
            Verbose = parse.GetValue(options.Verbose),
            Index = index,
            S3EnvFile = s3Env,
            Bucket = bucket,
            Home = home,
        };
    }
}
