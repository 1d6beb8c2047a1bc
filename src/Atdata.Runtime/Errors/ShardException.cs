namespace Atdata;

/// <summary>
/// The base of the errors raised while reading a tar shard: it says which shard, where in it and, when known,
/// which member.
/// </summary>
/// <remarks>
/// <see cref="Offset"/> counts bytes of the tar stream; for a gzip-compressed shard that is the decompressed
/// stream. Member names are shown escaped (control characters as <c>\uXXXX</c>) and shortened in messages.
/// </remarks>
public abstract class ShardException : AtdataException
{
    private protected ShardException(string message, string? shardUrl, long offset, string? memberName, Exception? innerException)
        : base(Compose(message, shardUrl, offset, memberName), innerException)
    {
        ShardUrl = shardUrl;
        Offset = offset;
        MemberName = memberName;
    }

    /// <summary>The shard being read, as its source named it (credentials and query strings removed), when known.</summary>
    public string? ShardUrl { get; }

    /// <summary>The byte offset in the tar stream at which the problem was found, or -1 when it concerns the whole shard.</summary>
    public long Offset { get; }

    /// <summary>The name of the tar member being read, when known (as found in the shard: it may be hostile).</summary>
    public string? MemberName { get; }

    private static string Compose(string message, string? shardUrl, long offset, string? memberName)
    {
        var where = new System.Text.StringBuilder(message);
        where.Append(" (shard '").Append(shardUrl ?? "<unnamed stream>").Append('\'');
        if (offset >= 0)
        {
            where.Append(", byte offset ").Append(offset);
        }

        if (memberName is not null)
        {
            where.Append(", member '").Append(DisplayName(memberName)).Append('\'');
        }

        return where.Append(')').ToString();
    }

    internal static string DisplayName(string name)
    {
        const int MaxShown = 120;
        var text = new System.Text.StringBuilder();
        foreach (char c in name)
        {
            if (text.Length >= MaxShown)
            {
                text.Append('…');
                break;
            }

            if (char.IsControl(c))
            {
                text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
