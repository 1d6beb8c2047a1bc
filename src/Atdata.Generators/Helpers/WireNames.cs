using System.Text;

namespace Atdata.Generators.Helpers;

/// <summary>Derives and validates wire names (msgpack keys, which are also Python field names).</summary>
internal static class WireNames
{
    // Python 3.12 hard keywords: they cannot name a dataclass field. Soft keywords (match, case, type, _)
    // are valid identifiers and are allowed.
    private static readonly HashSet<string> s_pythonKeywords = new(StringComparer.Ordinal)
    {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
        "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
        "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    };

    /// <summary>
    /// Converts a member name to snake_case. A <c>_</c> is inserted before an upper-case letter that follows
    /// a lower-case letter or a digit (<c>ImageUrl</c> → <c>image_url</c>, <c>Layer2Norm</c> →
    /// <c>layer2_norm</c>), and before the last upper-case letter of a run that is followed by a lower-case
    /// letter (<c>HTTPCode</c> → <c>http_code</c>); no <c>_</c> is inserted next to an existing one; then
    /// every letter is lower-cased. Digits never start a new word (<c>Vec3</c> → <c>vec3</c>).
    /// </summary>
    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0 && builder.Length > 0 && builder[builder.Length - 1] != '_')
            {
                char previous = name[i - 1];
                bool afterLowerOrDigit = char.IsLower(previous) || char.IsDigit(previous);
                bool endsAcronym = char.IsUpper(previous) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (afterLowerOrDigit || endsAcronym)
                {
                    builder.Append('_');
                }
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>
    /// Whether <paramref name="name"/> is usable as a Python field name: ASCII letters, digits and
    /// <c>_</c>, not starting with a digit, and not a Python keyword.
    /// </summary>
    public static bool IsValidPythonIdentifier(string name) => Validate(name) is null;

    /// <summary>Returns why <paramref name="name"/> is not a valid wire name, or <see langword="null"/> when it is.</summary>
    public static string? Validate(string name)
    {
        if (name.Length == 0)
        {
            return "it is empty";
        }

        if (name[0] is >= '0' and <= '9')
        {
            return "it starts with a digit";
        }

        foreach (char c in name)
        {
            bool ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';
            if (!ok)
            {
                return "it contains a character other than ASCII letters, digits and '_'";
            }
        }

        if (s_pythonKeywords.Contains(name))
        {
            return "it is a Python keyword";
        }

        return null;
    }
}
