using Atdata.Local;

namespace Atdata.Cli.Diagnostics;

/// <summary>
/// Probes the S3 store: reachability and whether the bucket exists. The probe only lists (a dry-run GC under a
/// prefix that holds nothing), so it never creates or changes anything.
/// </summary>
internal static class S3Probe
{
    private const string ProbePrefix = "atdata-diagnose-probe/";

    public static async Task ProbeAsync(S3DataStore store, Check check, CancellationToken cancellationToken)
    {
        check.Fact("endpoint", store.Endpoint);
        check.Fact("bucket", store.Bucket);
        try
        {
            await store.GcAsync(_ => true, new S3GcOptions { DryRun = true, Prefix = ProbePrefix }, cancellationToken).ConfigureAwait(false);
            check.Fact("reachable", true);
            check.Fact("bucketExists", true);
        }
        catch (StorageException e) when (e.ErrorCode == "NoSuchBucket" || e.StatusCode == 404)
        {
            check.Fact("reachable", true);
            check.Fact("bucketExists", false);
            check.Fail($"The bucket '{store.Bucket}' does not exist.");
        }
        catch (StorageException e) when (e.StatusCode is 401 or 403)
        {
            check.Fact("reachable", true);
            check.Fact("bucketExists", null);
            check.Fail($"The server refused the credentials or access to the bucket ({e.ErrorCode ?? "HTTP " + e.StatusCode}).");
        }
        catch (Exception e) when (e is StorageException or HttpRequestException or TimeoutException)
        {
            check.Fact("reachable", false);
            check.Fact("bucketExists", null);
            check.Fail("The S3 server could not be reached: " + ErrorReporter.MessageOf(e));
        }
    }
}
