using System.Globalization;
using System.Text;

namespace Atdata;

/// <summary>Python's identifier rules, which a schema must satisfy for Python to rebuild it as a dataclass.</summary>
internal static class PythonIdentifiers
{
    // Python 3 hard keywords: make_dataclass rejects them as field names. Soft keywords are identifiers.
    private static readonly HashSet<string> s_keywords = new(StringComparer.Ordinal)
    {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
        "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
        "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    };

    /// <summary>Whether <paramref name="name"/> is a Python keyword.</summary>
    public static bool IsKeyword(string name) => s_keywords.Contains(name);

    /// <summary>
    /// Whether <paramref name="name"/> passes <c>str.isidentifier()</c>: a letter or <c>_</c>, then letters,
    /// digits, combining marks and connector punctuation (an approximation of XID_Start/XID_Continue). Unpaired
    /// surrogates enumerate as U+FFFD, a symbol, and fail.
    /// </summary>
    public static bool IsIdentifier(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        bool first = true;
        foreach (Rune rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            bool ok = first
                ? rune.Value == '_' || Rune.IsLetter(rune) || category == UnicodeCategory.LetterNumber
                : category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                    or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber
                    or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                    or UnicodeCategory.ConnectorPunctuation;
            if (!ok)
            {
                return false;
            }

            first = false;
        }

        return true;
    }
}
