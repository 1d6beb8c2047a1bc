namespace Atdata.Cli;

/// <summary>
/// The secrets this run has seen (a Redis password, an S3 secret key), replaced by <c>***</c> in everything the
/// tool writes. The SDK never puts credentials in messages; this is the second line of defence for text the
/// tool does not control (a parser error echoing an argument, a server's error text).
/// </summary>
internal sealed class SecretScrubber
{
    /// <summary>Shorter values are too likely to occur by chance in ordinary text to be replaced.</summary>
    private const int MinimumLength = 3;

    private readonly List<string> _secrets = [];
    private readonly Lock _gate = new();

    /// <summary>Remembers <paramref name="secret"/> (and its percent-encoded form, as it appears inside a URL).</summary>
    public void Add(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < MinimumLength)
        {
            return;
        }

        lock (_gate)
        {
            foreach (string form in (string[])[secret, Uri.EscapeDataString(secret)])
            {
                if (!_secrets.Contains(form))
                {
                    _secrets.Add(form);
                }
            }

            // Longest first, so a secret that contains another is replaced whole.
            _secrets.Sort(static (a, b) => b.Length.CompareTo(a.Length));
        }
    }

    /// <summary>Returns <paramref name="text"/> with every known secret replaced by <c>***</c>.</summary>
    public string Scrub(string text)
    {
        lock (_gate)
        {
            foreach (string secret in _secrets)
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }
}
