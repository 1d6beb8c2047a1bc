using System.Globalization;

namespace Atdata.Cli.Output;

/// <summary>Byte counts for people: <c>512 B</c>, <c>1.5 KiB</c>, <c>3.2 MiB</c>.</summary>
internal static class Sizes
{
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? bytes.ToString(CultureInfo.InvariantCulture) + " B"
            : value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
