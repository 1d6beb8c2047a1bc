using System.Globalization;

namespace Atdata.Shards;

/// <summary>
/// A shard file pattern with one printf-style integer conversion (<c>data-%06d.tar</c>), formatted as Python's
/// <c>pattern % n</c>. Supported: flags <c>0</c> and <c>-</c>, a width, conversions <c>d</c>, <c>i</c>, <c>u</c>, and <c>%%</c>.
/// </summary>
internal sealed class ShardNamePattern
{
    private readonly string _prefix;
    private readonly string _suffix;
    private readonly bool _zeroPad;
    private readonly bool _leftAlign;
    private readonly int _width;

    private ShardNamePattern(string prefix, string suffix, bool zeroPad, bool leftAlign, int width)
    {
        _prefix = prefix;
        _suffix = suffix;
        _zeroPad = zeroPad;
        _leftAlign = leftAlign;
        _width = width;
    }

    /// <summary>Parses <paramref name="pattern"/>; null when it has no <c>%</c> at all (a single file).</summary>
    /// <exception cref="ArgumentException">The pattern uses <c>%</c> but not exactly one supported integer conversion.</exception>
    public static ShardNamePattern? TryParse(string pattern, string paramName)
    {
        if (!pattern.Contains('%', StringComparison.Ordinal))
        {
            return null;
        }

        var prefix = new System.Text.StringBuilder();
        var suffix = new System.Text.StringBuilder();
        bool found = false, zeroPad = false, leftAlign = false;
        int width = 0;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            var target = found ? suffix : prefix;
            if (c != '%')
            {
                target.Append(c);
                continue;
            }

            if (i + 1 < pattern.Length && pattern[i + 1] == '%')
            {
                target.Append('%');
                i++;
                continue;
            }

            if (found)
            {
                throw Invalid(pattern, paramName);
            }

            int j = i + 1;
            for (; j < pattern.Length && pattern[j] is '0' or '-'; j++)
            {
                zeroPad |= pattern[j] == '0';
                leftAlign |= pattern[j] == '-';
            }

            int widthStart = j;
            for (; j < pattern.Length && char.IsAsciiDigit(pattern[j]); j++)
            {
            }

            if (j - widthStart > 4 || j >= pattern.Length || pattern[j] is not ('d' or 'i' or 'u'))
            {
                throw Invalid(pattern, paramName);
            }

            width = j > widthStart ? int.Parse(pattern.AsSpan(widthStart, j - widthStart), CultureInfo.InvariantCulture) : 0;
            found = true;
            i = j;
        }

        if (!found)
        {
            throw Invalid(pattern, paramName);
        }

        return new ShardNamePattern(prefix.ToString(), suffix.ToString(), zeroPad && !leftAlign, leftAlign, width);
    }

    public string Format(int n)
    {
        string digits = n.ToString(CultureInfo.InvariantCulture);
        if (digits.Length < _width)
        {
            digits = _leftAlign ? digits.PadRight(_width) : digits.PadLeft(_width, _zeroPad ? '0' : ' ');
        }

        return string.Concat(_prefix, digits, _suffix);
    }

    private static ArgumentException Invalid(string pattern, string paramName)
        => new($"The shard pattern '{pattern}' must contain exactly one integer conversion such as %06d (and %% for a literal %).", paramName);
}
