namespace Atdata.Local.Tests.ApiSnippets;

/// <summary>api.md's sample type, as declared there.</summary>
[Packable]
public partial record ImageSample(NdArray<float> Image, string Label, double Confidence);
