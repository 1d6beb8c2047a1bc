using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Atdata.Local;

/// <summary>
/// Where an S3-compatible server is and how to sign requests to it: Python atdata's credentials dictionary
/// (<c>AWS_ENDPOINT</c>, <c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_REGION</c>).
/// </summary>
/// <remarks><see cref="ToString"/> never shows <see cref="SecretAccessKey"/>.</remarks>
public sealed record S3Credentials
{
    private readonly string? _endpoint;
    private readonly string _accessKeyId = string.Empty;
    private readonly string _secretAccessKey = string.Empty;
    private readonly string _region = "us-east-1";

    /// <summary>
    /// For object initializers, as in <c>new S3Credentials { Endpoint = "http://localhost:9000", AccessKeyId = "…",
    /// SecretAccessKey = "…" }</c>; each value is checked as it is set, as the other constructor checks it.
    /// </summary>
    public S3Credentials()
    {
    }

    /// <summary>Creates credentials; <paramref name="endpoint"/> null means AWS S3 in <paramref name="region"/>.</summary>
    /// <exception cref="ArgumentException">A key is empty or the endpoint is not an absolute http(s) URL.</exception>
    [SetsRequiredMembers]
    public S3Credentials(string accessKeyId, string secretAccessKey, string? endpoint = null, string? region = null)
    {
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        Endpoint = endpoint;
        Region = region!;
    }

    /// <summary>The server's base URL (<c>AWS_ENDPOINT</c>, e.g. <c>http://localhost:9000</c>); null for AWS S3.</summary>
    /// <exception cref="ArgumentException">Set to something other than an absolute http(s) URL without user information.</exception>
    public string? Endpoint
    {
        get => _endpoint;
        init
        {
            if (value is not null
                && (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.UserInfo)))
            {
                throw new ArgumentException("The endpoint must be an absolute http:// or https:// URL without user information.", nameof(value));
            }

            _endpoint = string.IsNullOrEmpty(value) ? null : value.TrimEnd('/');
        }
    }

    /// <summary>The access key id (<c>AWS_ACCESS_KEY_ID</c>).</summary>
    /// <exception cref="ArgumentException">Set to null or empty.</exception>
    public required string AccessKeyId
    {
        get => _accessKeyId;
        init
        {
            ArgumentException.ThrowIfNullOrEmpty(value);
            _accessKeyId = value;
        }
    }

    /// <summary>The secret key (<c>AWS_SECRET_ACCESS_KEY</c>). Never printed.</summary>
    /// <exception cref="ArgumentException">Set to null or empty.</exception>
    public required string SecretAccessKey
    {
        get => _secretAccessKey;
        init
        {
            ArgumentException.ThrowIfNullOrEmpty(value);
            _secretAccessKey = value;
        }
    }

    /// <summary>The signing region (<c>AWS_REGION</c>); <c>us-east-1</c> when not given (null or empty).</summary>
    public string Region
    {
        get => _region;
        init => _region = string.IsNullOrEmpty(value) ? "us-east-1" : value;
    }

    /// <summary>The base URL requests go to: <see cref="Endpoint"/>, or <c>https://s3.{region}.amazonaws.com</c>.</summary>
    public string EffectiveEndpoint => Endpoint ?? $"https://s3.{Region}.amazonaws.com";

    /// <summary>
    /// Reads a dotenv file the way Python atdata does (python-dotenv syntax: <c>KEY=VALUE</c>, single or double
    /// quotes, <c>export</c>, comments). <c>AWS_ENDPOINT</c>, <c>AWS_ACCESS_KEY_ID</c> and
    /// <c>AWS_SECRET_ACCESS_KEY</c> are required; like Python, other keys (<c>AWS_REGION</c> included) are ignored,
    /// so the region is <paramref name="region"/> or <c>us-east-1</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A required key is missing or empty.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static S3Credentials FromEnvFile(string path, string? region = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var values = ParseDotEnv(File.ReadAllText(path));
        foreach (string required in (string[])["AWS_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"])
        {
            if (!values.TryGetValue(required, out string? value) || string.IsNullOrEmpty(value))
            {
                throw new ArgumentException($"The credentials file does not set {required} (AWS_ENDPOINT, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are required).", nameof(path));
            }
        }

        return new S3Credentials(values["AWS_ACCESS_KEY_ID"], values["AWS_SECRET_ACCESS_KEY"], values["AWS_ENDPOINT"], region);
    }

    /// <summary>
    /// Reads Python's credentials dictionary: <c>AWS_ACCESS_KEY_ID</c> and <c>AWS_SECRET_ACCESS_KEY</c> required,
    /// <c>AWS_ENDPOINT</c> (null or absent → AWS S3) and <c>AWS_REGION</c> optional.
    /// </summary>
    /// <exception cref="ArgumentException">A required key is missing or empty.</exception>
    public static S3Credentials FromDictionary(IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        string Required(string name) => values.TryGetValue(name, out string? v) && !string.IsNullOrEmpty(v)
            ? v
            : throw new ArgumentException($"The credentials do not set {name}.", nameof(values));
        return new S3Credentials(
            Required("AWS_ACCESS_KEY_ID"),
            Required("AWS_SECRET_ACCESS_KEY"),
            values.GetValueOrDefault("AWS_ENDPOINT"),
            values.GetValueOrDefault("AWS_REGION"));
    }

    /// <summary>Shows the endpoint, region and access key id; never the secret.</summary>
    public override string ToString() => $"S3Credentials {{ Endpoint = {Endpoint ?? "(AWS S3)"}, Region = {Region}, AccessKeyId = {AccessKeyId}, SecretAccessKey = *** }}";

    // The subset of python-dotenv that matters for credentials files: [export] KEY=VALUE, comments, blank lines,
    // single-quoted values (literal), double-quoted values (\n, \t, \", \\ escapes; may span lines), and unquoted
    // values cut at " #". A later assignment wins, as in python-dotenv.
    internal static Dictionary<string, string> ParseDotEnv(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        int i = 0;
        while (i < text.Length)
        {
            int lineEnd = text.IndexOf('\n', i);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }

            string line = text[i..lineEnd].TrimEnd('\r').Trim();
            int next = lineEnd + 1;
            if (line.Length == 0 || line[0] == '#')
            {
                i = next;
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal) || line.StartsWith("export\t", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart();
            }

            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                i = next;
                continue;
            }

            string key = line[..eq].Trim();
            string rest = line[(eq + 1)..].TrimStart();
            string value;
            if (rest.Length > 0 && (rest[0] == '"' || rest[0] == '\''))
            {
                // A quoted value may continue over the following lines: re-scan from the opening quote in the raw text.
                int start = text.IndexOf(rest[0], i + (text[i..lineEnd].IndexOf('=', StringComparison.Ordinal) + 1));
                (value, next) = ReadQuoted(text, start);
            }
            else
            {
                int comment = rest.IndexOf(" #", StringComparison.Ordinal);
                value = (comment >= 0 ? rest[..comment] : rest).Trim();
            }

            if (key.Length > 0)
            {
                result[key] = value;
            }

            i = next;
        }

        return result;
    }

    // Reads a quoted value starting at the quote; returns it and the index after the rest of its last line.
    private static (string Value, int Next) ReadQuoted(string text, int start)
    {
        char quote = text[start];
        var sb = new StringBuilder();
        int j = start + 1;
        while (j < text.Length && text[j] != quote)
        {
            if (quote == '"' && text[j] == '\\' && j + 1 < text.Length)
            {
                char e = text[j + 1];
                sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => e });
                j += 2;
                continue;
            }

            if (quote == '\'' && text[j] == '\\' && j + 1 < text.Length && (text[j + 1] == '\'' || text[j + 1] == '\\'))
            {
                sb.Append(text[j + 1]);
                j += 2;
                continue;
            }

            sb.Append(text[j]);
            j++;
        }

        int lineEnd = text.IndexOf('\n', Math.Min(j, text.Length));
        return (sb.ToString(), lineEnd < 0 ? text.Length : lineEnd + 1);
    }
}
