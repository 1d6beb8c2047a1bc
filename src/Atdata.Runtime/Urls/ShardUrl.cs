namespace Atdata.Urls;

/// <summary>Scheme detection and credential-free display of shard URLs.</summary>
internal static class ShardUrl
{
    /// <summary>
    /// The lower-cased URL scheme (<c>http</c>, <c>file</c>, <c>pipe</c>…), or null for a plain path. A single
    /// letter followed by <c>:\</c>, <c>:/</c> or nothing is a Windows drive, hence a path.
    /// </summary>
    public static string? GetScheme(string url)
    {
        int colon = url.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !char.IsAsciiLetter(url[0]))
        {
            return null;
        }

        for (int i = 1; i < colon; i++)
        {
            char c = url[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return null;
            }
        }

        if (colon == 1 && (url.Length == 2 || url[2] is '\\' or '/'))
        {
            return null;
        }

        return url[..colon].ToLowerInvariant();
    }

    /// <summary>The URL without user information, query string or fragment (they may hold secrets); paths unchanged.</summary>
    public static string Redact(string url)
    {
        int schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0 || GetScheme(url) is null or "file")
        {
            return url;
        }

        int authorityStart = schemeEnd + 3;
        int pathStart = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (pathStart < 0)
        {
            pathStart = url.Length;
        }

        int at = url.LastIndexOf('@', pathStart - 1, pathStart - authorityStart);
        string head = at >= 0 ? string.Concat(url.AsSpan(0, authorityStart), url.AsSpan(at + 1, pathStart - at - 1)) : url[..pathStart];
        int cut = url.IndexOfAny(['?', '#'], pathStart);
        string rest = cut >= 0 ? url[pathStart..cut] : url[pathStart..];
        return head + rest;
    }
}
