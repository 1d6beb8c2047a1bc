using System.Text;

namespace Atdata.Cli;

/// <summary>
/// A writer that passes text on line by line (a line ends at <c>\n</c>, or at <c>\r</c> for progress bars)
/// after <see cref="SecretScrubber.Scrub"/>, so a secret is never split across two writes and missed.
/// </summary>
internal sealed class ScrubbingWriter(TextWriter inner, SecretScrubber scrubber) : TextWriter
{
    private readonly StringBuilder _pending = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        _pending.Append(value);
        if (value is '\n' or '\r')
        {
            Emit(all: false);
        }
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        _pending.Append(value);
        if (value.AsSpan().IndexOfAny('\n', '\r') >= 0)
        {
            Emit(all: false);
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Flush()
    {
        Emit(all: true);
        inner.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }

    private void Emit(bool all)
    {
        // Only complete lines are scrubbed and written while more may follow; Flush writes the rest.
        string text = _pending.ToString();
        int end = all ? text.Length : text.AsSpan().LastIndexOfAny('\n', '\r') + 1;
        if (end == 0)
        {
            return;
        }

        _pending.Remove(0, end);
        inner.Write(scrubber.Scrub(text[..end]));
    }
}
