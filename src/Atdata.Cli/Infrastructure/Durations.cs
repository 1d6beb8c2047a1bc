using System.Globalization;

namespace Atdata.Cli;

/// <summary>Durations on the command line: <c>90s</c>, <c>30m</c>, <c>24h</c>, <c>7d</c>, or <c>hh:mm:ss</c>.</summary>
internal static class Durations
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        char unit = text[^1];
        double scale = unit switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, _ => 0 };
        if (scale > 0 && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double amount) && amount >= 0 && double.IsFinite(amount))
        {
            value = TimeSpan.FromSeconds(amount * scale);
            return true;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }

    public static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
