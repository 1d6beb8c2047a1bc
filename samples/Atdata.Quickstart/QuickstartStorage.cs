using Atdata.Local;

namespace Atdata.Quickstart;

/// <summary>
/// Opens the index the quickstart's local-storage step uses. By default that is the embedded default, which needs
/// no servers: a SQLite index and a local disk store under <c>ATDATA_HOME</c> (else <c>~/.atdata</c>).
/// </summary>
/// <remarks>
/// One switch runs the same flow on Redis + S3: <c>ATDATA_QUICKSTART_BACKEND=redis-s3</c>, which reads
/// <c>ATDATA_REDIS</c> (a StackExchange.Redis configuration such as <c>localhost:6379</c>; that is the default),
/// <c>ATDATA_S3_ENDPOINT</c>, <c>ATDATA_S3_ACCESS_KEY</c>, <c>ATDATA_S3_SECRET_KEY</c>, <c>ATDATA_S3_REGION</c> and
/// <c>ATDATA_S3_BUCKET</c> (default <c>atdata-quickstart</c>, created if missing).
/// </remarks>
internal static class QuickstartStorage
{
    public const string BackendVariable = "ATDATA_QUICKSTART_BACKEND";

    /// <summary>The index, and the S3 store to dispose with it (null on the embedded default).</summary>
    public static async Task<(LocalIndex Index, IDisposable? Store)> OpenAsync()
    {
        string backend = Environment.GetEnvironmentVariable(BackendVariable) ?? "embedded";
        switch (backend)
        {
            case "embedded" or "":
                return (LocalIndex.OpenEmbedded(), null);
            case "redis-s3":
                var credentials = new S3Credentials(
                    Required("ATDATA_S3_ACCESS_KEY"), Required("ATDATA_S3_SECRET_KEY"),
                    Environment.GetEnvironmentVariable("ATDATA_S3_ENDPOINT"), Environment.GetEnvironmentVariable("ATDATA_S3_REGION"));
                var store = new S3DataStore(credentials, Environment.GetEnvironmentVariable("ATDATA_S3_BUCKET") ?? "atdata-quickstart");
                await store.EnsureBucketAsync();
                string redis = Environment.GetEnvironmentVariable("ATDATA_REDIS") ?? "localhost:6379";
                return (new LocalIndex(new LocalIndexOptions { ConnectionString = redis }, store), store);
            default:
                throw new ArgumentException($"{BackendVariable} must be 'embedded' (the default) or 'redis-s3', not '{backend}'.");
        }
    }

    private static string Required(string variable)
        => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new ArgumentException($"{BackendVariable}=redis-s3 needs the environment variable {variable}.");
}
