using System.Globalization;

namespace Atdata.PackageConsumer;

/// <summary>A positional record; its wire names are <c>x</c>, <c>y</c> and <c>label</c>.</summary>
[Packable]
public partial record Point(double X, double Y, string Label);

/// <summary>A property-based record: required members, an optional string, an integer list and an array.</summary>
[Packable]
public partial record Reading
{
    /// <summary>Which sensor produced the reading.</summary>
    public required string Sensor { get; init; }

    /// <summary>Sample times in ticks.</summary>
    public required long[] Timestamps { get; init; }

    /// <summary>The measured values, one row per timestamp.</summary>
    public required NdArray<float> Values { get; init; }

    /// <summary>A free-form note; written as nil when absent.</summary>
    public string? Note { get; init; }
}

/// <summary>Runs the checks; the exit code is 0 only when every one passes.</summary>
internal static class Program
{
    // What Python atdata (msgpack-python) writes for Point(x=1.0, y=2.0, label="a").
    private const string PythonPointHex = "83a178cb3ff0000000000000a179cb4000000000000000a56c6162656ca161";

    private static int s_passed;
    private static int s_failed;

    private static int Main()
    {
        Check("Point packs to the bytes Python writes", PointMatchesPython);
        Check("Point round-trips through Pack/Unpack", PointRoundTrips);
        Check("Point round-trips through the generic Packer", PointRoundTripsThroughPacker);
        Check("Reading with a note round-trips", () => ReadingRoundTrips(SampleReading("calibrated")));
        Check("Reading without a note round-trips", () => ReadingRoundTrips(SampleReading(note: null)));
        Check("Reading with empty lists round-trips", () => ReadingRoundTrips(new Reading
        {
            Sensor = string.Empty,
            Timestamps = [],
            Values = new NdArray<float>([]),
        }));

        int total = s_passed + s_failed;
        Console.WriteLine(s_failed == 0
            ? string.Create(CultureInfo.InvariantCulture, $"package consumer: all {total} checks succeeded")
            : string.Create(CultureInfo.InvariantCulture, $"package consumer: {s_failed} of {total} checks did not succeed"));
        return s_failed == 0 && s_passed > 0 ? 0 : 1;
    }

    private static string? PointMatchesPython()
    {
        byte[] packed = new Point(1, 2, "a").Pack();
        string actual = Convert.ToHexStringLower(packed);
        return actual == PythonPointHex ? null : $"got {actual}, expected {PythonPointHex}";
    }

    private static string? PointRoundTrips()
    {
        var point = new Point(-0.5, 1e300, "üñí cödé");
        Point back = Point.Unpack(point.Pack());
        return back == point ? null : $"got {back}, expected {point}";
    }

    private static string? PointRoundTripsThroughPacker()
    {
        var point = new Point(3.25, double.NegativeInfinity, "generic");
        byte[] viaPacker = Packer.Pack(point);
        if (!viaPacker.AsSpan().SequenceEqual(point.Pack()))
        {
            return "Packer.Pack and Point.Pack disagree";
        }

        Point back = Packer.Unpack<Point>(viaPacker);
        return back == point ? null : $"got {back}, expected {point}";
    }

    private static Reading SampleReading(string? note) => new()
    {
        Sensor = "thermo-7",
        Timestamps = [0, 1, long.MaxValue, long.MinValue, -42],
        Values = new NdArray<float>(new float[] { 1.5f, -2f, float.NaN, 0f, float.Epsilon, 3e38f }, 2, 3),
        Note = note,
    };

    private static string? ReadingRoundTrips(Reading reading)
    {
        Reading back = Reading.Unpack(reading.Pack());
        if (back.Sensor != reading.Sensor)
        {
            return $"Sensor: got '{back.Sensor}', expected '{reading.Sensor}'";
        }

        if (!back.Timestamps.AsSpan().SequenceEqual(reading.Timestamps))
        {
            return $"Timestamps: got [{string.Join(", ", back.Timestamps)}], expected [{string.Join(", ", reading.Timestamps)}]";
        }

        if (!back.Values.Equals(reading.Values))
        {
            return $"Values: got {back.Values}, expected {reading.Values}";
        }

        return back.Note == reading.Note ? null : $"Note: got '{back.Note}', expected '{reading.Note}'";
    }

    // A check returns null when it passes and a description of the difference when it does not.
    private static void Check(string name, Func<string?> check)
    {
        string? problem;
        try
        {
            problem = check();
        }
#pragma warning disable CA1031 // Any exception is a failed check, reported and counted.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            problem = $"{ex.GetType().Name}: {ex.Message}";
        }

        if (problem is null)
        {
            s_passed++;
            Console.WriteLine($"  ok    {name}");
        }
        else
        {
            s_failed++;
            Console.WriteLine($"  FAIL  {name}: {problem}");
        }
    }
}
