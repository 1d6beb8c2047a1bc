using System.Text;
using System.Text.RegularExpressions;

namespace Atdata.Docs.Tests;

/// <summary>A fenced code block of a Markdown page.</summary>
/// <param name="Page">The page, relative to the repository root.</param>
/// <param name="Line">The 1-based line of the first code line.</param>
/// <param name="Language">The first word of the info string (<c>csharp</c>, <c>json</c>, <c>sh</c>…).</param>
/// <param name="Flags">The other words of the info string (<c>generated</c>, <c>signature</c>).</param>
/// <param name="Code">The code, without the fences.</param>
/// <param name="Directive">The HTML comment right above the fence (<c>expect: ATD0110</c>, <c>file: atdata.schemas.json</c>), or null.</param>
/// <param name="Section">The nearest heading above the block.</param>
internal sealed record CodeBlock(string Page, int Line, string Language, IReadOnlyList<string> Flags, string Code, string? Directive, string Section)
{
    public bool IsCSharp => Language is "csharp" or "cs" or "c#";

    /// <summary>Blocks shown for reading only: generated output and API shapes are parsed, not compiled.</summary>
    public bool IsParseOnly => Flags.Contains("generated") || Flags.Contains("signature");

    /// <summary>The diagnostic id a block must produce (<c>&lt;!-- expect: ATD0110 --&gt;</c>), or null.</summary>
    public string? ExpectedDiagnostic => Directive is { } d && d.StartsWith("expect:", StringComparison.Ordinal) ? d["expect:".Length..].Trim() : null;

    /// <summary>The additional file a block's text stands for (<c>&lt;!-- file: atdata.schemas.json --&gt;</c>), or null.</summary>
    public string? AdditionalFileName => Directive is { } d && d.StartsWith("file:", StringComparison.Ordinal) ? d["file:".Length..].Trim() : null;

    /// <summary>The C# version a block is compiled with (<c>&lt;!-- langversion: 10 --&gt;</c>), or null for C# 14.</summary>
    public string? LanguageVersion => Directive is { } d && d.StartsWith("langversion:", StringComparison.Ordinal) ? d["langversion:".Length..].Trim() : null;

    public override string ToString() => $"{Page}:{Line}";
}

/// <summary>
/// Reads the fenced code blocks of a Markdown page, and its prelude: an HTML comment <c>&lt;!-- prelude … --&gt;</c>
/// holding declarations the page's snippets assume (a sample type, a <c>dataset</c> variable), compiled before them
/// but not shown to readers.
/// </summary>
internal static partial class MarkdownCode
{
    [GeneratedRegex(@"^<!--\s*(.*?)\s*-->\s*$")]
    private static partial Regex OneLineComment();

    public static IReadOnlyList<CodeBlock> Blocks(string page)
    {
        string[] lines = RepoPaths.Read(page).Split('\n');
        var blocks = new List<CodeBlock>();
        string section = "";
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.StartsWith('#'))
            {
                section = line.TrimStart('#').Trim();
                continue;
            }

            if (!line.StartsWith("```", StringComparison.Ordinal) || line.Length == 3)
            {
                continue;
            }

            string[] info = line[3..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // A directive is a one-line HTML comment right above the fence.
            string? directive = i > 0 && OneLineComment().Match(lines[i - 1].Trim()) is { Success: true } m ? m.Groups[1].Value : null;

            var code = new StringBuilder();
            int start = i + 2;
            for (i++; i < lines.Length && !lines[i].TrimEnd('\r').StartsWith("```", StringComparison.Ordinal); i++)
            {
                code.Append(lines[i].TrimEnd('\r')).Append('\n');
            }

            blocks.Add(new CodeBlock(page, start, info[0], info[1..], code.ToString(), directive, section));
        }

        return blocks;
    }

    /// <summary>The page's prelude code and the line it starts on, or null when it has none.</summary>
    public static (string Code, int Line)? Prelude(string page)
    {
        string text = RepoPaths.Read(page);
        int at = text.IndexOf("<!-- prelude", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        int codeStart = text.IndexOf('\n', at) + 1;
        int end = text.IndexOf("-->", codeStart, StringComparison.Ordinal);
        int line = text.AsSpan(0, codeStart).Count('\n') + 1;
        return (text[codeStart..end], line);
    }
}
