using System.Globalization;
using Atdata.Generators.Tests.Infrastructure;
using NUnit.Framework;

namespace Atdata.Generators.Tests;

/// <summary>
/// Issue part 4: <c>T.SchemaCid</c> (computed at build time) depends on the schema name, version, description and
/// wire shape only. It survives reformatting, comments, moves of non-serialized members, renames that keep the
/// wire name, other C# types with the same schema type, other machines and cultures; it changes with every
/// change to the wire shape, the version or the description.
/// </summary>
[TestFixture]
public sealed class SchemaCidStabilityTests
{
    /// <summary>The <c>ImageSample</c> of <c>schema_cids.json</c>, so its CID is the vector's record without <c>createdAt</c>.</summary>
    private const string Base = """
        using System.Collections.Generic;
        using Atdata;

        namespace Lab.Vision;

        [Packable(Version = "1.0.0", Description = "A sample with an image and label.")]
        public partial record ImageSample(NdArray<float> Image, string Label, double Confidence)
        {
            public required List<string> Tags { get; init; }
            public string? Note { get; init; }
            public int Computed => 1;
            [SkipField] public string Scratch { get; set; } = "";
        }
        """;

    /// <summary>The CID of the vector's record without <c>createdAt</c> (the runtime computes it in SchemaRecordTests too).</summary>
    private const string VectorStableCid = "bafyreiemy622z5jpdqhua3n3mpbm7w45ytmeuvapmpjejjbkqc3s4ggxja";

    [Test]
    public void The_base_type_has_the_vector_records_stable_cid()
    {
        Assert.That(SchemaLocks.CidOf(Base), Is.EqualTo(VectorStableCid));
        string generated = Snapshots.Generate(Base).Values.Single();
        Assert.That(generated, Does.Contain("public static string SchemaCid => \"" + VectorStableCid + "\";"));
    }

    [Test]
    public void Build_time_field_ids_equal_the_runtimes()
    {
        string generated = Snapshots.Generate(Base).Values.Single();
        foreach (string wire in new[] { "image", "label", "confidence", "tags", "note" })
        {
            string id = "0x" + FieldDescriptor.ComputeFieldId(wire).ToString("x8", CultureInfo.InvariantCulture);
            Assert.That(generated, Does.Contain("// field ID " + id + "\n                new global::Atdata.FieldDescriptor(\"" + wire + "\""), wire);
            Assert.That(generated, Does.Contain("<c>" + wire + "</c>:").And.Contain("field ID " + id + ")</description>"), wire);
        }
    }

    public static IEnumerable<TestCaseData> SameSchema()
    {
        yield return new TestCaseData(Base.Replace("\n", "\r\n", StringComparison.Ordinal)).SetName("CRLF line endings");
        yield return new TestCaseData("""
            using System.Collections.Generic; using Atdata; namespace Lab.Vision;
            [Packable(Description="A sample with an image and label.",Version="1.0.0")] public partial record ImageSample(NdArray<float> Image,string Label,double Confidence){public required List<string> Tags{get;init;} public string? Note{get;init;} public int Computed=>1; [SkipField]public string Scratch{get;set;}="";}
            """).SetName("One line, attribute arguments swapped");
        yield return new TestCaseData("""
            using System.Collections.Generic;
            using Atdata;

            namespace Lab.Vision;

            // A line comment, and a doc comment that is not the description.
            /// <summary>Images with labels and, new in this wording, much more prose.</summary>
            /* a block comment */
            [Packable(Version = "1.0.0", Description = "A sample with an image and label.")]
            public partial record ImageSample(
                /* the pixels */ NdArray<float> Image,
                string Label, // the class
                double Confidence)
            {
                /// <summary>Free-form tags.</summary>
                public required List<string> Tags { get; init; }

                public string? Note { get; init; } // optional
                public int Computed => 1;
                [SkipField] public string Scratch { get; set; } = "";
            }
            """).SetName("Comments and doc comments");
        yield return new TestCaseData("""
            using System.Collections.Generic;
            using Atdata;

            namespace Lab.Vision;

            [Packable(Version = "1.0.0", Description = "A sample with an image and label.")]
            public partial record ImageSample(NdArray<float> Image, string Label, double Confidence)
            {
                [SkipField] public string Scratch { get; set; } = "";
                private static readonly int s_seed = 3;
                public required List<string> Tags { get; init; }
                public int Computed => s_seed;
                public string Describe() => Label + Tags.Count;
                public string? Note { get; init; }
                internal int Hidden { get; set; }
                public static ImageSample Empty() => new(new NdArray<float>([]), "", 0) { Tags = [] };
            }
            """).SetName("Non-serialized members moved and added, methods added");
        yield return new TestCaseData(Base
            .Replace("string Label,", "[Field(\"label\")] string Caption,", StringComparison.Ordinal))
            .SetName("Positional parameter renamed, wire name kept with [Field]");
        yield return new TestCaseData(Base
            .Replace("public string? Note { get; init; }", "[Field(\"note\")] public string? Remark { get; init; }", StringComparison.Ordinal))
            .SetName("Property renamed, wire name kept with [Field]");
        yield return new TestCaseData(Base
            .Replace("double Confidence", "float Confidence", StringComparison.Ordinal)
            .Replace("List<string> Tags", "string[] Tags", StringComparison.Ordinal))
            .SetName("Other C# types with the same schema type");
        yield return new TestCaseData(Base
            .Replace("partial record ImageSample(", "partial record struct ImageSample(", StringComparison.Ordinal)
            .Replace("namespace Lab.Vision;", "namespace Elsewhere.Entirely;", StringComparison.Ordinal))
            .SetName("Record struct in another namespace");
        yield return new TestCaseData("""
            using System.Collections.Generic;
            using Atdata;

            namespace Lab.Vision;

            [Packable(Version = "1.0.0", Description = "A sample with an image and label.")]
            public partial record ImageSample
            {
                public required NdArray<float> Image { get; init; }
                public required string Label { get; init; }
                public required double Confidence { get; init; }
                public required List<string> Tags { get; init; }
                public string? Note { get; init; }
            }
            """).SetName("Property-based instead of positional");
    }

    [TestCaseSource(nameof(SameSchema))]
    public void Cid_is_unchanged(string source) => Assert.That(SchemaLocks.CidOf(source), Is.EqualTo(VectorStableCid));

    public static IEnumerable<TestCaseData> ChangedSchema()
    {
        yield return new TestCaseData(Base.Replace("public int Computed => 1;", "public int? Extra { get; init; }", StringComparison.Ordinal)).SetName("Field added");
        yield return new TestCaseData(Base.Replace("public string? Note { get; init; }", string.Empty, StringComparison.Ordinal)).SetName("Field removed");
        yield return new TestCaseData(Base.Replace("double Confidence", "int Confidence", StringComparison.Ordinal)).SetName("Field retyped");
        yield return new TestCaseData(Base.Replace("NdArray<float> Image", "NdArray<double> Image", StringComparison.Ordinal)).SetName("Array dtype changed");
        yield return new TestCaseData(Base.Replace("List<string> Tags", "List<int> Tags", StringComparison.Ordinal)).SetName("List item type changed");
        yield return new TestCaseData(Base.Replace("string Label,", "string Caption,", StringComparison.Ordinal)).SetName("Renamed on the wire");
        yield return new TestCaseData(Base.Replace("string Label,", "[Field(\"class_label\")] string Label,", StringComparison.Ordinal)).SetName("Wire name set with [Field]");
        yield return new TestCaseData(Base.Replace("public string? Note { get; init; }", "public required string Note { get; init; }", StringComparison.Ordinal)).SetName("Optional made required");
        yield return new TestCaseData(Base.Replace("double Confidence", "double? Confidence", StringComparison.Ordinal)).SetName("Required made optional");
        yield return new TestCaseData(Base.Replace("Version = \"1.0.0\"", "Version = \"1.0.1\"", StringComparison.Ordinal)).SetName("Version changed");
        yield return new TestCaseData(Base.Replace("an image and label.", "an image and a label.", StringComparison.Ordinal)).SetName("Description changed");
        yield return new TestCaseData(Base.Replace(", Description = \"A sample with an image and label.\"", string.Empty, StringComparison.Ordinal)).SetName("Description removed");
        yield return new TestCaseData(Base.Replace("NdArray<float> Image, string Label,", "string Label, NdArray<float> Image,", StringComparison.Ordinal)).SetName("Serialized members reordered");
        yield return new TestCaseData(Base.Replace("partial record ImageSample(", "partial record PictureSample(", StringComparison.Ordinal)).SetName("Type (schema name) renamed");
    }

    [TestCaseSource(nameof(ChangedSchema))]
    public void Cid_changes(string source) => Assert.That(SchemaLocks.CidOf(source), Is.Not.EqualTo(VectorStableCid));

    [Test]
    public void Every_change_gives_a_different_cid()
    {
        var cids = ChangedSchema().Select(c => SchemaLocks.CidOf((string)c.Arguments[0]!)).ToList();
        Assert.That(cids, Is.Unique);
    }

    [TestCase("tr-TR")]
    [TestCase("ar-SA")]
    [TestCase("de-DE")]
    [TestCase("")]
    public void Generated_code_is_the_same_in_every_culture(string culture)
    {
        string expected = Snapshots.Generate(Base).Values.Single();
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            Assert.That(Snapshots.Generate(Base).Values.Single(), Is.EqualTo(expected));
            Assert.That(SchemaLocks.CidOf(Base), Is.EqualTo(VectorStableCid));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }
    }

    [Test]
    public void Generated_code_does_not_depend_on_the_source_path()
    {
        var first = TestCompilation.Create(Base);
        var moved = first.ReplaceSyntaxTree(first.SyntaxTrees.Single(), Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(Base, TestCompilation.ParseOptions, "/some/other/machine/src/Lab/ImageSample.cs"));
        string a = TestCompilation.CreateDriver().RunGenerators(first).GetRunResult().GeneratedTrees.Single().ToString();
        string b = TestCompilation.CreateDriver().RunGenerators(moved).GetRunResult().GeneratedTrees.Single().ToString();
        Assert.That(b, Is.EqualTo(a));
        Assert.That(a, Does.Not.Contain("Source0.cs").And.Not.Contain("/some/other"));
    }
}
