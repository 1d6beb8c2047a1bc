using System.Globalization;
using System.Text;

namespace Atdata.Generators.Helpers;

/// <summary>
/// Builds generated source text: four-space indentation, <c>'\n'</c> newlines whatever the platform, and
/// numbers formatted with the invariant culture, so output is identical on every machine.
/// </summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;
    private bool _pendingBlank;
    private bool _afterOpenBrace = true;

    public void Indent() => _indent++;

    public void Unindent() => _indent--;

    /// <summary>Writes <c>{</c> and indents.</summary>
    public void OpenBrace()
    {
        WriteLine("{");
        _indent++;
    }

    /// <summary>Unindents and writes <c>}</c> followed by <paramref name="suffix"/>.</summary>
    public void CloseBrace(string suffix = "")
    {
        _indent--;
        WriteLine("}" + suffix);
    }

    /// <summary>
    /// Requests a blank line. It is written only if another line follows that is not a closing brace, and
    /// never right after an opening brace, so blocks never start or end with blank lines and blank lines
    /// never double up.
    /// </summary>
    public void WriteLine()
    {
        _pendingBlank = true;
    }

    public void WriteLine(string line)
    {
        if (_pendingBlank && !_afterOpenBrace && !line.StartsWith("}", System.StringComparison.Ordinal))
        {
            _builder.Append('\n');
        }

        _pendingBlank = false;
        _builder.Append(' ', _indent * 4);
        _builder.Append(line);
        _builder.Append('\n');
        _afterOpenBrace = line == "{";
    }

    public static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => _builder.ToString();
}
