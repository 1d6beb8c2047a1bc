using System.Collections.Immutable;
using System.Numerics;

// These types mirror the shared vectors' key order (optional fields before required ones) and cover
// dictionaries on purpose; Python-rebuildability warnings do not apply to them.
#pragma warning disable ATD0102, ATD0103

namespace Atdata.Runtime.Tests.Generated;

/// <summary>The shape of the Python fixture <c>tests/fixtures/test_samples.tar</c>.</summary>
[Packable]
public partial record FixtureSample(long Id, string Name, long Value);

/// <summary>Matches the <c>primitives</c> vector field for field.</summary>
[Packable]
public partial record Primitives
{
    public required string Text { get; init; }
    public required int Count { get; init; }
    public required double Score { get; init; }
    public required bool Flag { get; init; }
    public string? Note { get; init; }
    public required byte[] Blob { get; init; }
    public required List<string> Tags { get; init; }
    public required Dictionary<string, long> Extra { get; init; }
}

[Packable(Naming = PackableNaming.AsDeclared)]
public partial record IntBoundaries(
    int a, int b, int c, int d, int e, int f, uint g, long h,
    sbyte i, short j, sbyte k, short l, short m, int n, int o, long p);

[Packable]
public partial record StrBoundaries(string S31, string S32, string S256);

[Packable]
public partial record ImageSample(NdArray<float> Image, string Label);

[Packable]
public partial record OptionalImageSample(NdArray<float>? Image, string Label);

[Packable]
public partial record IntegralFloat(double Value, float Zero);

[Packable]
public partial record UInt64Max(ulong Big, long Neg);

public enum Color : byte
{
    Red = 1,
    Green = 2,
}

public enum Offset : long
{
    Far = -5_000_000_000,
}

/// <summary>Every field type of the api.md table at least once.</summary>
[Packable]
public partial record AllTypes
{
    public required string Str { get; init; }
    public required bool Flag { get; init; }
    public required sbyte I8 { get; init; }
    public required byte U8 { get; init; }
    public required short I16 { get; init; }
    public required ushort U16 { get; init; }
    public required int I32 { get; init; }
    public required uint U32 { get; init; }
    public required long I64 { get; init; }
    public required ulong U64 { get; init; }
    public required Color Color { get; init; }
    public required Offset Offset { get; init; }
    public required Half Half { get; init; }
    public required float F32 { get; init; }
    public required double F64 { get; init; }
    public required byte[] Bytes { get; init; }
    public required ReadOnlyMemory<byte> Memory { get; init; }
    public required NdArray<bool> ABool { get; init; }
    public required NdArray<sbyte> AI8 { get; init; }
    public required NdArray<byte> AU8 { get; init; }
    public required NdArray<short> AI16 { get; init; }
    public required NdArray<ushort> AU16 { get; init; }
    public required NdArray<int> AI32 { get; init; }
    public required NdArray<uint> AU32 { get; init; }
    public required NdArray<long> AI64 { get; init; }
    public required NdArray<ulong> AU64 { get; init; }
    public required NdArray<Half> AF16 { get; init; }
    public required NdArray<float> AF32 { get; init; }
    public required NdArray<double> AF64 { get; init; }
    public required NdArray<Complex> AC128 { get; init; }
    public required NdArray Untyped { get; init; }
    public string? OptStr { get; init; }
    public int? OptInt { get; init; }
    public Color? OptColor { get; init; }
    public byte[]? OptBytes { get; init; }
    public ReadOnlyMemory<byte>? OptMemory { get; init; }
    public NdArray<float>? OptArray { get; init; }
    public NdArray? OptUntyped { get; init; }
    public required string[] StrArray { get; init; }
    public required List<int> IntList { get; init; }
    public required IReadOnlyList<double> DoubleList { get; init; }
    public required ImmutableArray<long> LongArray { get; init; }
    public required Dictionary<string, string> StrMap { get; init; }
    public required IReadOnlyDictionary<string, double> DoubleMap { get; init; }
    public required List<string?> NullableItems { get; init; }
    public required byte[][] Blobs { get; init; }
    public List<int>? OptList { get; init; }
    public ImmutableArray<string>? OptImmutable { get; init; }
    public IReadOnlyDictionary<string, long?>? OptMap { get; init; }
    public required Color[] Colors { get; init; }
    public int Computed => I32 * 2;
    [SkipField] public string Scratch { get; set; } = "kept";
}

/// <summary>A positional record struct with an explicit wire name.</summary>
[Packable]
public readonly partial record struct PointSample(double X, double Y, [property: Field("point_label")] string Label);

[Packable]
public partial record struct MutablePoint
{
    public int X { get; set; }
    public int Y { get; set; }
}

public static partial class Outer
{
    public partial class Middle
    {
        [Packable]
        public partial record NestedSample(string ImageUrl, int HTTPCode, double Layer2Norm, [Field("explicit")] int Renamed);
    }
}
