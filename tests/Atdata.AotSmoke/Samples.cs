namespace Atdata.AotSmoke;

/// <summary>The fixture sample of Python atdata's own test suite.</summary>
[Packable]
public partial record FixtureSample(long Id, string Name, long Value);

[Packable]
public partial record ImageSample(NdArray<float> Image, string Label);

/// <summary>A property-based record with optional members.</summary>
[Packable(Version = "1.2.0")]
public partial record struct Measurement
{
    public required string Sensor { get; init; }
    public required double Reading { get; init; }
    public int? Channel { get; init; }
    public List<string>? Tags { get; init; }
    public byte[]? Raw { get; init; }
}

[Packable]
public partial record LabelOnly(string Label);

public static class SmokeLenses
{
    [Lens]
    public static LabelOnly ToLabel(ImageSample sample) => new(sample.Label);
}
