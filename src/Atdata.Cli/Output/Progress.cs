using System.Globalization;

namespace Atdata.Cli.Output;

/// <summary>
/// Progress of long work (insert, verify) on stderr: on a terminal one bar redrawn in place; otherwise (a pipe,
/// a log file, the tests) one plain line per finished step, so logs stay readable.
/// </summary>
internal sealed class Progress(TextWriter stderr, string verb, bool terminal)
{
    private const int BarWidth = 30;
    private bool _drawn;

    /// <summary>Reports step <paramref name="done"/> of <paramref name="total"/> (total 0 when unknown) with a short note.</summary>
    public void Step(int done, int total, string note)
    {
        string count = total > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{done}/{total}")
            : done.ToString(CultureInfo.InvariantCulture);
        if (!terminal)
        {
            stderr.WriteLine($"{verb}: {count} {note}");
            return;
        }

        int filled = total > 0 ? (int)Math.Round((double)BarWidth * Math.Min(done, total) / total) : 0;
        string bar = new string('#', filled) + new string('.', BarWidth - filled);
        stderr.Write($"\r{verb} [{bar}] {count} {note}\u001b[K\r");
        _drawn = true;
    }

    /// <summary>Ends the bar (a newline on a terminal, so the next output starts on its own line).</summary>
    public void Done()
    {
        if (_drawn)
        {
            stderr.WriteLine();
            _drawn = false;
        }
    }
}
