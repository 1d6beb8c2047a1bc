using System.CommandLine;

namespace Atdata.Cli.Config;

/// <summary>The options every verb accepts (declared once on the root command, recursive).</summary>
internal sealed class GlobalOptions
{
    public Option<bool> Json { get; } = new("--json") { Description = "Print machine-readable JSON on stdout (shapes in docs/cli.md)", Recursive = true };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Print more detail, and the stack trace of an error", Recursive = true };

    public Option<string?> Index { get; } = new("--index") { Description = "The index: sqlite:PATH or redis://[:password@]host:port/db (env ATDATA_INDEX; default: embedded under ATDATA_HOME or ~/.atdata)", Recursive = true, HelpName = "spec" };

    public Option<string?> S3Env { get; } = new("--s3-env") { Description = "A dotenv file with AWS_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (env ATDATA_S3_ENV)", Recursive = true, HelpName = "file" };

    public Option<string?> Bucket { get; } = new("--bucket") { Description = "Store shards in this S3 bucket (needs --s3-env; env ATDATA_BUCKET)", Recursive = true, HelpName = "name" };

    public IEnumerable<Option> All => [Json, Verbose, Index, S3Env, Bucket];
}
