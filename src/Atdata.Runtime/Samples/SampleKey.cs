using System.Globalization;

namespace Atdata;

/// <summary>Creates and validates the keys that name samples inside shards.</summary>
public static class SampleKey
{
    // 100-ns ticks between the Gregorian epoch of RFC 4122 (1582-10-15) and the .NET epoch (0001-01-01).
    private static readonly long s_gregorianOffsetTicks = new DateTime(1582, 10, 15, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static long s_lastTimestamp;

    /// <summary>
    /// Returns a new key exactly as Python atdata makes one: <c>str(uuid.uuid1(node=0, clock_seq=0))</c>, a
    /// version-1 UUID whose timestamp strictly increases within the process
    /// (for example <c>e2341280-f654-11f0-8000-000000000000</c>).
    /// </summary>
    public static string NewKey() => FromTimestamp(NextTimestamp(TimeProvider.System));

    /// <summary>Like <see cref="NewKey()"/>, reading the clock from <paramref name="timeProvider"/>.</summary>
    public static string NewKey(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return FromTimestamp(NextTimestamp(timeProvider));
    }

    /// <summary>Formats the uuid1 key for a 60-bit timestamp of 100-ns ticks since 1582-10-15.</summary>
    public static string FromTimestamp(long timestamp)
    {
        uint timeLow = (uint)(timestamp & 0xffff_ffff);
        ushort timeMid = (ushort)((timestamp >> 32) & 0xffff);
        ushort timeHiAndVersion = (ushort)(((timestamp >> 48) & 0x0fff) | 0x1000);
        return string.Create(CultureInfo.InvariantCulture, $"{timeLow:x8}-{timeMid:x4}-{timeHiAndVersion:x4}-8000-000000000000");
    }

    /// <summary>Whether <paramref name="key"/> can name a sample: non-empty, at most 200 characters, no <c>.</c>, <c>/</c>, <c>\</c> or control characters.</summary>
    public static bool IsValid(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 200)
        {
            return false;
        }

        foreach (char c in key)
        {
            if (c is '.' or '/' or '\\' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="key"/> is valid (see <see cref="IsValid"/>).</summary>
    public static void Validate(string? key, string paramName = "key")
    {
        if (!IsValid(key))
        {
            throw new ArgumentException("A sample key must be 1 to 200 characters with no '.', '/', '\\' or control characters (Python splits the member name at the first '.').", paramName);
        }
    }

    private static long NextTimestamp(TimeProvider timeProvider)
    {
        long now = timeProvider.GetUtcNow().UtcTicks - s_gregorianOffsetTicks;
        while (true)
        {
            long last = Volatile.Read(ref s_lastTimestamp);
            long next = now > last ? now : last + 1;
            if (Interlocked.CompareExchange(ref s_lastTimestamp, next, last) == last)
            {
                return next;
            }
        }
    }
}
