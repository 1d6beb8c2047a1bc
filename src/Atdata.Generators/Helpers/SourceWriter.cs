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

    public void WriteLine()
    {
        _builder.Append('\n');
    }

    public void WriteLine(string line)
    {
        if (line.Length > 0)
        {
            _builder.Append(' ', _indent * 4);
            _builder.Append(line);
        }

        _builder.Append('\n');
    }

    public static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => _builder.ToString();
}
