namespace Atdata.Reliability.Tests.Properties;

/// <summary>Scalars, nullable fields, bytes and strings for the round-trip properties.</summary>
[Packable]
public partial record PropScalars(long Id, int Small, double Score, float Ratio, bool Flag, string Text, byte[] Blob, long? MaybeId = null, string? MaybeText = null);

/// <summary>Lists of several element types.</summary>
[Packable]
public partial record PropCollections(List<string> Tags, List<long> Numbers, List<byte[]> Chunks, List<double>? Weights = null);

/// <summary>NdArray fields of several dtypes and shapes, one optional.</summary>
[Packable]
public partial record PropArrays(NdArray<float> Image, NdArray<double> Matrix, NdArray<int> Labels, NdArray<byte> Mask, NdArray<long>? Extra = null);
