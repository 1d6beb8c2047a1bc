namespace Atdata.Quickstart;

/// <summary>An image with its label, as in the Python atdata documentation.</summary>
[Packable]
public partial record ImageSample(NdArray<float> Image, string Label, double Confidence);
