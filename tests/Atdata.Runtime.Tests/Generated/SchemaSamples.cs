namespace Atdata.Runtime.Tests.Generated.Published;

/// <summary>The <c>ImageSample</c> of <c>schema_cids.json</c>, field for field.</summary>
[Packable(Description = "A sample with an image and label.")]
public partial record ImageSample(NdArray<float> Image, string Label, double Confidence, List<string> Tags, string? Note);

/// <summary>The <c>TextSample</c> of <c>schema_cids.json</c> (no description).</summary>
[Packable(Version = "1.0.1")]
public partial record TextSample(string Text, long Count, bool Flag, byte[]? Blob, NdArray<byte>? Mask);

/// <summary>Members named like the generated schema properties: the interface is implemented explicitly.</summary>
[Packable(Version = "3.0.0")]
public partial record Clashing(string Schema, int Fields)
{
    public string? SchemaCid { get; init; }
}
