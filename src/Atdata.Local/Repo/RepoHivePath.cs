using System.Text.RegularExpressions;
using Atdata.Urls;

namespace Atdata.Local;

/// <summary>
/// The legacy Repo's <c>hive_path</c>: <c>{bucket}/{path…}</c>, whose first component is the bucket (interop
/// §2.4). Parsed once, so the recorded URLs and the object keys derive from the same normalised text, as Python's
/// <c>Path(hive_path).as_posix()</c> does (repeated and trailing <c>/</c> dropped).
/// </summary>
internal sealed partial record RepoHivePath(string Bucket, string Path)
{
    /// <summary>The normalised hive path: <c>{Bucket}/{Path}</c>, or the bucket alone.</summary>
    public string Full => Path.Length == 0 ? Bucket : $"{Bucket}/{Path}";

    // S3's bucket naming rules (also what MinIO enforces): 3-63 characters, lower-case letters, digits, '.' and
    // '-', starting and ending with a letter or digit.
    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex BucketName();

    /// <summary>Parses and checks <paramref name="hivePath"/>.</summary>
    /// <exception cref="ArgumentException">
    /// The path is empty, has a URL scheme or a leading <c>/</c>, a <c>.</c>/<c>..</c> component or a brace or
    /// backslash (the recorded URL is brace-expanded when read), or its first component is not a valid bucket name.
    /// </exception>
    public static RepoHivePath Parse(string hivePath, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hivePath, paramName);
        if (ShardUrl.GetScheme(hivePath) is not null || hivePath.StartsWith('/'))
        {
            throw new ArgumentException("A hive path is 'bucket/path' within the S3 store: no URL scheme and no leading '/'.", paramName);
        }

        if (hivePath.AsSpan().IndexOfAny("{}\\") >= 0)
        {
            throw new ArgumentException("A hive path must not contain '{', '}' or '\\': the recorded dataset URL is brace-expanded when read.", paramName);
        }

        string[] parts = hivePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Any(p => p is "." or ".."))
        {
            throw new ArgumentException("A hive path must not contain '.' or '..' components.", paramName);
        }

        if (!BucketName().IsMatch(parts[0]) || parts[0].Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The first component of a hive path is the bucket, and '{parts[0]}' is not a valid S3 bucket name (3-63 characters from a-z, 0-9, '.' and '-', starting and ending with a letter or digit).",
                paramName);
        }

        return new RepoHivePath(parts[0], string.Join('/', parts.Skip(1)));
    }
}
