using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;

namespace Atdata;

/// <summary>
/// Shard-list URLs with braces, exactly as Python's <c>braceexpand</c> (0.1.x) reads them, and the reverse that
/// Python atdata's <c>write_samples</c> uses to name several shards with one URL.
/// </summary>
/// <remarks>
/// <para>Expansion rules (<c>braceexpand</c>'s, including its corner cases):</para>
/// <list type="bullet">
/// <item><c>{a,b,c}</c> alternatives (an empty alternative is allowed: <c>x{,y}</c> is <c>x</c>, <c>xy</c>).</item>
/// <item><c>{0..9}</c> integer ranges, ascending or descending (<c>{3..1}</c> is 3, 2, 1), with an optional step
/// <c>{0..10..2}</c> (the step's sign is ignored, a zero step is 1). Numbers are zero-padded to the width of the
/// longer bound when a bound other than a lone <c>0</c> or <c>-0</c> starts with <c>0</c> or <c>-0</c>:
/// <c>{08..10}</c> gives 08, 09, 10, while <c>{0..3}</c> is not padded. Bounds may be negative.</item>
/// <item><c>{a..e}</c> character ranges over <c>A</c>–<c>Z</c> then <c>a</c>–<c>z</c> (so <c>{Y..b}</c> is Y, Z, a, b),
/// with the same step and direction rules.</item>
/// <item>Nesting and several groups: the cartesian product, the leftmost group varying slowest.</item>
/// <item><c>\</c> escapes the next character (<c>\{</c>, <c>\}</c>, <c>\,</c>, <c>\\</c>); the backslashes are removed from the results.</item>
/// <item>A group that is neither a range nor has a top-level comma stays literal, braces included, with its
/// inside expanded: <c>a{b}c</c> is <c>a{b}c</c>, <c>{}</c> is <c>{}</c>.</item>
/// <item>Spaces are ordinary characters: they never split a URL.</item>
/// <item>Unbalanced braces raise <see cref="ArgumentException"/> (Python's <c>UnbalancedBracesError</c>).</item>
/// </list>
/// <para>One difference from Python: range bounds and steps are ASCII digits only (Python's regex also accepts
/// other Unicode decimal digits). Expanding to more than <see cref="MaxResults"/> URLs raises
/// <see cref="ArgumentException"/> instead of running out of memory.</para>
/// </remarks>
public static partial class BraceExpansion
{
    /// <summary>The largest number of URLs one pattern may expand to.</summary>
    public const int MaxResults = 10_000_000;

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Expands <paramref name="pattern"/> into the list of strings it denotes, in <c>braceexpand</c>'s order.</summary>
    /// <exception cref="ArgumentException">The braces are unbalanced, or the pattern expands to more than <see cref="MaxResults"/> strings.</exception>
    public static IReadOnlyList<string> Expand(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var raw = ParsePattern(pattern, pattern);
        var result = new string[raw.Count];
        for (int i = 0; i < raw.Count; i++)
        {
            result[i] = Unescape(raw[i]);
        }

        return result;
    }

    /// <summary>
    /// Names several shards with one URL the way Python atdata's <c>write_samples</c> does: the common
    /// character prefix and suffix around a comma list of the differing middles
    /// (<c>/out/data-00000{0,1,2}.tar</c>). If a middle would be empty, the paths are joined with spaces (which
    /// <see cref="Expand"/> does not split, as in Python). One path is returned as it is.
    /// </summary>
    /// <remarks>Like Python, nothing is escaped: paths that contain braces or commas do not expand back to themselves.</remarks>
    /// <exception cref="ArgumentException"><paramref name="paths"/> is empty or holds a null.</exception>
    public static string Collapse(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            throw new ArgumentException("At least one path is needed.", nameof(paths));
        }

        foreach (var p in paths)
        {
            if (p is null)
            {
                throw new ArgumentException("The paths must not contain null.", nameof(paths));
            }
        }

        if (paths.Count == 1)
        {
            return paths[0];
        }

        int prefix = paths[0].Length;
        int suffix = paths[0].Length;
        for (int i = 1; i < paths.Count; i++)
        {
            prefix = Math.Min(prefix, paths[0].AsSpan().CommonPrefixLength(paths[i]));
            suffix = Math.Min(suffix, CommonSuffixLength(paths[0], paths[i]));
        }

        var middles = new string[paths.Count];
        for (int i = 0; i < paths.Count; i++)
        {
            int end = paths[i].Length - suffix;
            if (end <= prefix)
            {
                // Python slices p[len(prefix):len(p)-len(suffix)], which is empty here.
                return string.Join(' ', paths);
            }

            middles[i] = paths[i][prefix..end];
        }

        return string.Concat(paths[0][..prefix], "{", string.Join(',', middles), "}", paths[0][(paths[0].Length - suffix)..]);
    }

    private static int CommonSuffixLength(string a, string b)
    {
        int n = 0;
        while (n < a.Length && n < b.Length && a[a.Length - 1 - n] == b[b.Length - 1 - n])
        {
            n++;
        }

        return n;
    }

    // braceexpand's parse_pattern: literals and groups, joined by a cartesian product.
    private static List<string> ParsePattern(string pattern, string whole)
    {
        var items = new List<IReadOnlyList<string>>();
        int start = 0;
        int pos = 0;
        int depth = 0;
        while (pos < pattern.Length)
        {
            char c = pattern[pos];
            if (c == '\\')
            {
                pos += 2;
                continue;
            }

            if (c == '{')
            {
                if (depth == 0 && pos > start)
                {
                    items.Add([pattern[start..pos]]);
                    start = pos;
                }

                depth++;
            }
            else if (c == '}')
            {
                depth--;
                if (depth == 0)
                {
                    string expr = pattern[(start + 1)..pos];
                    var item = ParseExpression(expr, whole);
                    if (item is null)
                    {
                        items.Add(["{"]);
                        items.Add(ParsePattern(expr, whole));
                        items.Add(["}"]);
                    }
                    else
                    {
                        items.Add(item);
                    }

                    start = pos + 1;
                }
            }

            pos++;
        }

        if (depth != 0)
        {
            throw Unbalanced(whole);
        }

        if (start < pos && start < pattern.Length)
        {
            items.Add([pattern[start..]]);
        }

        return Product(items, whole);
    }

    private static List<string>? ParseExpression(string expr, string whole)
    {
        var m = IntRange().Match(expr);
        if (m.Success)
        {
            return IntRange(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Success ? m.Groups[3].Value : null, whole);
        }

        m = CharRange().Match(expr);
        if (m.Success)
        {
            return CharRange(m.Groups[1].Value[0], m.Groups[2].Value[0], m.Groups[3].Success ? m.Groups[3].Value : null);
        }

        return ParseSequence(expr, whole);
    }

    // braceexpand's parse_sequence: alternatives split at top-level commas; null when there is no comma.
    private static List<string>? ParseSequence(string seq, string whole)
    {
        var parts = new List<string>();
        int start = 0;
        int pos = 0;
        int depth = 0;
        while (pos < seq.Length)
        {
            char c = seq[pos];
            if (c == '\\')
            {
                pos += 2;
                continue;
            }

            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                parts.Add(seq[start..pos]);
                start = pos + 1;
            }

            pos++;
        }

        if (depth != 0)
        {
            throw Unbalanced(whole);
        }

        if (parts.Count == 0)
        {
            return null;
        }

        parts.Add(start <= seq.Length ? seq[start..] : string.Empty);
        var result = new List<string>();
        foreach (var part in parts)
        {
            var expanded = ParsePattern(part, whole);
            if ((long)result.Count + expanded.Count > MaxResults)
            {
                throw TooMany(whole);
            }

            result.AddRange(expanded);
        }

        return result;
    }

    private static List<string> IntRange(string left, string right, string? increment, string whole)
    {
        int padding = 0;
        if (IsZeroPadded(left) || IsZeroPadded(right))
        {
            padding = Math.Max(left.Length, right.Length);
        }

        var start = BigInteger.Parse(left, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var end = BigInteger.Parse(right, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var step = Step(increment);
        var count = (BigInteger.Abs(end - start) / step) + 1;
        if (count > MaxResults)
        {
            throw TooMany(whole);
        }

        var result = new List<string>((int)count);
        var delta = start < end ? step : -step;
        var value = start;
        for (int i = 0; i < (int)count; i++, value += delta)
        {
            result.Add(FormatPadded(value, padding));
        }

        return result;

        static bool IsZeroPadded(string s) => s is not ("0" or "-0") && (s.StartsWith('0') || s.StartsWith("-0", StringComparison.Ordinal));
    }

    // Python's '%0{width}d' % value: the sign first, then zeros up to the total width.
    private static string FormatPadded(BigInteger value, int width)
    {
        string digits = BigInteger.Abs(value).ToString(CultureInfo.InvariantCulture);
        string sign = value.Sign < 0 ? "-" : string.Empty;
        int zeros = width - sign.Length - digits.Length;
        return zeros > 0 ? string.Concat(sign, new string('0', zeros), digits) : sign + digits;
    }

    private static List<string> CharRange(char left, char right, string? increment)
    {
        int start = Alphabet.IndexOf(left, StringComparison.Ordinal);
        int end = Alphabet.IndexOf(right, StringComparison.Ordinal);
        var step = Step(increment);
        int stride = step > Alphabet.Length ? Alphabet.Length : (int)step;
        var result = new List<string>();
        if (start < end)
        {
            for (int i = start; i <= end; i += stride)
            {
                result.Add(Alphabet[i].ToString());
            }
        }
        else
        {
            for (int i = start; i >= end; i -= stride)
            {
                result.Add(Alphabet[i].ToString());
            }
        }

        return result;
    }

    private static BigInteger Step(string? increment)
    {
        if (increment is null)
        {
            return BigInteger.One;
        }

        var step = BigInteger.Parse(increment, NumberStyles.None, CultureInfo.InvariantCulture);
        return step.IsZero ? BigInteger.One : step;
    }

    private static List<string> Product(List<IReadOnlyList<string>> items, string whole)
    {
        long total = 1;
        foreach (var item in items)
        {
            total *= item.Count;
            if (total > MaxResults)
            {
                throw TooMany(whole);
            }
        }

        var result = new List<string>((int)total);
        if (total == 0)
        {
            return result;
        }

        var indices = new int[items.Count];
        var text = new StringBuilder();
        while (true)
        {
            text.Clear();
            for (int i = 0; i < items.Count; i++)
            {
                text.Append(items[i][indices[i]]);
            }

            result.Add(text.ToString());

            // Advance the rightmost index first, as itertools.product does.
            int k = items.Count - 1;
            while (k >= 0 && ++indices[k] == items[k].Count)
            {
                indices[k] = 0;
                k--;
            }

            if (k < 0)
            {
                return result;
            }
        }
    }

    // braceexpand removes the backslash before any character except a newline (its regex is \\(.)).
    private static string Unescape(string s)
    {
        int slash = s.IndexOf('\\', StringComparison.Ordinal);
        if (slash < 0)
        {
            return s;
        }

        var text = new StringBuilder(s.Length);
        text.Append(s, 0, slash);
        for (int i = slash; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length && s[i + 1] != '\n')
            {
                text.Append(s[i + 1]);
                i++;
            }
            else
            {
                text.Append(s[i]);
            }
        }

        return text.ToString();
    }

    private static ArgumentException Unbalanced(string pattern)
        => new($"Unbalanced braces in '{pattern}'.", nameof(pattern));

    private static ArgumentException TooMany(string pattern)
        => new($"'{pattern}' expands to more than {MaxResults} strings.", nameof(pattern));

    // Python's regexes, with $ also matching before a final newline as Python's does.
    [GeneratedRegex(@"^(-?[0-9]+)\.\.(-?[0-9]+)(?:\.\.-?([0-9]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex IntRange();

    [GeneratedRegex(@"^([A-Za-z])\.\.([A-Za-z])(?:\.\.-?([0-9]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex CharRange();
}
