using Atdata.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using NUnit.Framework;

namespace Atdata.Generators.Tests;

/// <summary>One test per diagnostic ID, each asserting the ID and its exact span (markup <c>{|ATDxxxx:…|}</c>).</summary>
[TestFixture]
public sealed class DiagnosticTests
{
    private static Task VerifyAsync(string source, LanguageVersion languageVersion = LanguageVersion.CSharp12)
    {
        var test = new GeneratorTest(source, languageVersion)
        {
            // Generated sources are covered by the snapshot tests; here only diagnostics matter.
            TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck,
        };
        return test.RunAsync();
    }

    [Test]
    public Task ATD0001_PackableTypeMustBePartial() => VerifyAsync("""
        using Atdata;
        [Packable]
        public record {|ATD0001:Sample|}(int X);
        """);

    [Test]
    public Task ATD0002_ContainingTypeMustBePartial() => VerifyAsync("""
        using Atdata;
        public partial class Outer
        {
            public class {|ATD0002:Middle|}
            {
                [Packable]
                public partial record Sample(int X);
            }
        }
        """);

    [Test]
    public Task ATD0003_PackableTypeMustBeRecord() => VerifyAsync("""
        using Atdata;
        [Packable]
        public partial class {|ATD0003:Sample|}
        {
            public int X { get; set; }
        }
        """);

    [Test]
    public Task ATD0004_PackableTypeMustNotBeFileLocal() => VerifyAsync("""
        using Atdata;
        [Packable]
        file partial record {|ATD0004:Sample|}(int X);
        """);

    [Test]
    public Task ATD0005_GenericPackableTypesAreNotSupported() => VerifyAsync("""
        using Atdata;
        [Packable]
        public partial record {|ATD0005:Sample|}<T>(int X);
        """);

    [Test]
    public Task ATD0006_AbstractRecordHasNoUsableConstructor() => VerifyAsync("""
        using Atdata;
        [Packable]
        public abstract partial record {|ATD0006:Sample|}(int X);
        """);

    [Test]
    public Task ATD0006_RecordWithoutParameterlessConstructor() => VerifyAsync("""
        using Atdata;
        [Packable]
        public partial record {|ATD0006:Sample|}
        {
            public Sample(int x) => X = x;
            public int X { get; init; }
        }
        """);

    [Test]
    public Task ATD0007_LanguageVersionTooLow() => VerifyAsync("""
        using Atdata;
        [Packable]
        public partial record {|ATD0007:Sample|}(int X);
        """, LanguageVersion.CSharp10);

    [Test]
    public Task ATD0050_UnsupportedFieldType() => VerifyAsync("""
        using Atdata;
        [Packable]
        public partial record Sample(int X, {|ATD0050:System.DateTime|} When)
        {
            public required {|ATD0050:System.Collections.Generic.List<int[]>|} Nested { get; init; }
            public required {|ATD0050:System.Collections.Generic.Dictionary<int, string>|} IntKeys { get; init; }
        }
        """);

    [Test]
    public Task ATD0051_DuplicateWireName() => VerifyAsync("""
        using Atdata;
        [Packable]
        public partial record Sample(int ImageUrl, [Field({|ATD0051:"image_url"|})] int Other);
        """);

    [Test]
    public Task ATD0052_InvalidWireName_FromFieldAttribute() => VerifyAsync("""
        using Atdata;
        [Packable]
        public partial record Sample([Field({|ATD0052:"class"|})] int A, [Field({|ATD0052:"2nd"|})] int B, [Field({|ATD0052:"has-dash"|})] int C, [Field({|ATD0052:""|})] int D);
        """);

    [Test]
    public Task ATD0052_InvalidWireName_FromMemberName() => VerifyAsync("""
        using Atdata;
        [Packable]
        public partial record Sample(int {|ATD0052:@class|}, double {|ATD0052:Größe|});
        """);

    [Test]
    public Task ATD0053_BaseRecordNotSupported() => VerifyAsync("""
        using Atdata;
        public record Base(int X);
        [Packable]
        public partial record Sample(int X, int Y) : {|ATD0053:Base(X)|};
        """);

    [Test]
    public Task ATD0054_InitializerIgnoredOnRead() => VerifyAsync("""
        using Atdata;
        [Packable]
        public partial record Sample
        {
            public required string Kept { get; init; } = "fine: required";
            public int Count { get; init; } = 3;
            public string? Note { get; init; } {|ATD0054:= "default"|};
        }
        """);

    [Test]
    public Task ATD0055_RequiredMemberNotSerialized() => VerifyAsync("""
        using Atdata;
        [Packable]
        internal partial record Sample
        {
            public required int X { get; init; }
            [SkipField] public required string {|ATD0055:Scratch|} { get; init; }
            internal required int {|ATD0055:Hidden|} { get; init; }
        }
        """);

    [Test]
    public Task ATD0101_InvalidSchemaVersion() => VerifyAsync("""
        using Atdata;
        [Packable(Version = {|ATD0101:"1.0"|})]
        public partial record Sample(int X);
        """);

    [Test]
    public Task ATD0100_FieldIdCollision() => VerifyAsync("""
        using Atdata;
        [Packable]
        public partial record Sample(int Glbvs, int {|ATD0100:Yacxa|});
        """);

    [Test]
    public Task ATD0100_FieldIdCollision_ThroughFieldAttribute() => VerifyAsync("""
        using Atdata;
        [Packable]
        public partial record Sample(int Glbvs, [Field({|ATD0100:"yacxa"|})] int Other);
        """);

    [Test]
    public Task ATD0102_OptionalBeforeRequired() => VerifyAsync("""
        using Atdata;
        [Packable]
        public partial record Sample(string Id, string? Note, int {|ATD0102:Count|}, int? Maybe, string Label);
        """);

    [Test]
    public Task ATD0102_NotReportedWhenOptionalFieldsComeLast() => VerifyAsync("""
        using Atdata;
        [Packable]
        public partial record Sample(string Id, int Count, string? Note, int? Maybe);
        """);

    [Test]
    public Task ATD0103_MapFieldNotInPythonSchemas() => VerifyAsync("""
        using System.Collections.Generic;
        using Atdata;
        [Packable]
        public partial record Sample(string Id, {|ATD0103:Dictionary<string, long>|} Counts)
        {
            public {|ATD0103:IReadOnlyDictionary<string, string?>?|} Names { get; init; }
        }
        """);

    [Test]
    public Task ATD0104_InvalidSchemaDescription() => VerifyAsync("""
        using Atdata;
        [Packable(Description = {|ATD0104:"broken \ud800 text"|})]
        public partial record Sample(int X);
        """);

    [Test]
    public Task ATD0104_NotReportedForSurrogatePairs() => VerifyAsync("""
        using Atdata;
        [Packable(Description = "smile \ud83d\ude00")]
        public partial record Sample(int X);
        """);

    [TestCase("1.0.0", true)]
    [TestCase("0.0.0", true)]
    [TestCase("10.20.30", true)]
    [TestCase("1.0", false)]
    [TestCase("1.0.0.0", false)]
    [TestCase("01.0.0", false)]
    [TestCase("1.0.0-beta", false)]
    [TestCase("v1.0.0", false)]
    [TestCase("", false)]
    [TestCase("1..0", false)]
    public void Strict_semver_rule(string version, bool valid)
        => Assert.That(PackableGenerator.Parser.IsStrictSemver(version), Is.EqualTo(valid));

    [Test]
    public Task Pragma_suppresses_a_generator_diagnostic() => VerifyAsync("""
        using Atdata;
        [Packable]
        public partial record Sample
        {
        #pragma warning disable ATD0054
            public string? Note { get; init; } = "default";
        #pragma warning restore ATD0054
        }
        """);

    [Test]
    public Task Valid_type_reports_nothing() => VerifyAsync("""
        using Atdata;
        [Packable(Version = "2.1.0", Description = "d")]
        public partial record Sample(int X, string? Label = null)
        {
            public int Computed => X + 1;
        }
        """);

    [Test]
    public void Every_descriptor_has_a_help_link_and_a_docs_page()
    {
        var descriptors = typeof(Diagnostics.DiagnosticDescriptors)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(f => f.GetValue(null))
            .OfType<Microsoft.CodeAnalysis.DiagnosticDescriptor>()
            .ToList();
        Assert.That(descriptors, Has.Count.GreaterThanOrEqualTo(15));
        Assert.That(descriptors.Select(d => d.Id), Is.Unique);
        foreach (var descriptor in descriptors)
        {
            Assert.That(descriptor.HelpLinkUri, Is.EqualTo($"https://github.com/atdata-dotnet/atdata/blob/main/docs/diagnostics/{descriptor.Id}.md"));
            string expectedCategory = descriptor.Id.StartsWith("ATD01", StringComparison.Ordinal) ? "Atdata.Schema" : "Atdata.Usage";
            Assert.That(descriptor.Category, Is.EqualTo(expectedCategory), descriptor.Id);
            string page = Path.Combine(Snapshots.Root, "..", "..", "..", "docs", "diagnostics", descriptor.Id + ".md");
            Assert.That(File.Exists(page), Is.True, $"missing docs page for {descriptor.Id}");
        }
    }
}
