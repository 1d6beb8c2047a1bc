using Atdata.Generators.Tests.Infrastructure;
using NUnit.Framework;

namespace Atdata.Generators.Tests;

/// <summary>The generated code for each supported shape, compared with reviewed golden files.</summary>
[TestFixture]
public sealed class SnapshotTests
{
    [Test]
    public Task PositionalRecord() => Snapshots.VerifyAsync("""
        using Atdata;

        namespace Lab.Vision;

        [Packable]
        public partial record ImageSample(NdArray<float> Image, string Label, double Confidence);
        """);

    [Test]
    public Task PropertyRecordWithRequiredAndOptional() => Snapshots.VerifyAsync("""
        using Atdata;

        namespace Lab.Training;

        /// <summary>Training features with a class label.</summary>
        [Packable(Version = "1.0.0")]
        public partial record TrainingSample
        {
            public required NdArray<float> Features { get; init; }
            public required long Label { get; init; }
            public required string Source { get; init; }
            public NdArray<float>? Embedding { get; init; }
            [Field("legacy_name")] public string? Renamed { get; init; }
            public int Computed => 42;
            [SkipField] public string Scratch { get; set; } = "";
        }
        """);

    [Test]
    public Task RecordStruct() => Snapshots.VerifyAsync("""
        using Atdata;

        namespace Geometry;

        [Packable]
        public readonly partial record struct Point(double X, double Y);

        [Packable]
        public partial record struct Counter
        {
            public int Count { get; set; }
            public string? Name { get; set; }
        }
        """);

    [Test]
    public Task NestedInContainingTypes() => Snapshots.VerifyAsync("""
        using Atdata;

        namespace Outer.Space;

        public static partial class Registry
        {
            internal partial struct Group
            {
                private partial record Holder
                {
                    [Packable]
                    internal partial record Sample(string Name);
                }
            }
        }
        """);

    [Test]
    public Task GlobalNamespace() => Snapshots.VerifyAsync("""
        [Atdata.Packable]
        public partial record GlobalSample(string Label, int Count);
        """);

    [Test]
    public Task EveryFieldType() => Snapshots.VerifyAsync("""
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.Numerics;
        using Atdata;

        #pragma warning disable ATD0102, ATD0103 // optional fields before required ones, and dictionaries, on purpose

        namespace Types;

        public enum Small : byte { A = 1 }
        public enum Big : long { Far = -5 }

        [Packable]
        public partial record Everything
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
            public required Small SmallEnum { get; init; }
            public required Big BigEnum { get; init; }
            public required Half F16 { get; init; }
            public required float F32 { get; init; }
            public required double F64 { get; init; }
            public required byte[] Bytes { get; init; }
            public required ReadOnlyMemory<byte> Memory { get; init; }
            public required NdArray<Complex> Array { get; init; }
            public required NdArray Untyped { get; init; }
            public int? OptInt { get; init; }
            public string? OptStr { get; init; }
            public ReadOnlyMemory<byte>? OptMemory { get; init; }
            public NdArray? OptUntyped { get; init; }
            public required string[] Strings { get; init; }
            public required List<int?> Ints { get; init; }
            public required IReadOnlyList<Small> Smalls { get; init; }
            public required ImmutableArray<double> Doubles { get; init; }
            public ImmutableArray<string>? OptImmutable { get; init; }
            public required byte[][] Blobs { get; init; }
            public required Dictionary<string, string?> Names { get; init; }
            public IReadOnlyDictionary<string, NdArray<float>>? Arrays { get; init; }
        }
        """);

    [Test]
    public Task DescriptionAndExplicitSchemaMembers() => Snapshots.VerifyAsync("""
        using Atdata;

        namespace Docs;

        /// <summary>Not the schema description: only the attribute's text is, so comment edits never change the CID.</summary>
        [Packable(Version = "2.1.0", Description = "A sample with \"quotes\", a\nnewline and \u00e9.")]
        public partial record Described(string Schema, int Fields);
        """);

    [Test]
    public Task FieldAttributeOverrides() => Snapshots.VerifyAsync("""
        using Atdata;

        namespace Names;

        [Packable]
        public partial record Renamed([Field("first")] int A, [property: Field("second")] int B, int ImageUrl)
        {
            [Field("third")] public int C { get; init; }
            public int HTTPCode { get; init; }
            public int Layer2Norm { get; init; }
        }
        """);

    [Test]
    public Task AsDeclaredNaming() => Snapshots.VerifyAsync("""
        using Atdata;

        namespace Names;

        [Packable(Naming = PackableNaming.AsDeclared)]
        public partial record Declared(int ImageUrl, [Field("explicit")] int Other)
        {
            public string? camelCase { get; init; }
        }
        """);

    [Test]
    public Task KeywordAndUnicodeNames() => Snapshots.VerifyAsync("""
        using Atdata;

        namespace @event.@class;

        [Packable]
        public partial record @record(int @int, [Field("klass")] string @class)
        {
            [Field("groesse")] public double Größe { get; init; }
        }
        """);
}
