using Atdata.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using NUnit.Framework;

namespace Atdata.Generators.Tests;

/// <summary>
/// Reliability case G1: hostile or unusual declarations produce diagnostics or valid code, never a generator
/// exception (CS8785), and the output is identical from one run to the next.
/// </summary>
[TestFixture]
public sealed class RobustnessTests
{
    private static readonly string s_longName = "Field" + new string('x', 300);

    public static IEnumerable<TestCaseData> ValidInputs()
    {
        yield return new TestCaseData("""
            using Atdata;
            namespace @namespace.@class;
            [Packable]
            public partial record @record(int @int, [Field("klass")] string @class, [Field("evt")] string @event);
            """).SetName("Keyword names escaped with @");

        yield return new TestCaseData("""
            using Atdata;
            namespace Ünïcode.名前空間;
            [Packable]
            public partial record Größe([Field("name")] string 名前, [Field("value")] double \u0056alue2);
            """).SetName("Unicode identifiers with explicit wire names");

        yield return new TestCaseData("""
            using Atdata;
            namespace Docs;
            /// <summary>Ends a comment */ and "quotes" and <c>&amp;</c> and ]]> too.</summary>
            [Packable(Description = "*/ \" \\ \n end")]
            public partial record Documented(
                // a line comment with */ and /* in it
                string Text);
            """).SetName("Comment terminators and quotes in docs and attributes");

        yield return new TestCaseData("""
            using Atdata;
            namespace Shadowing;
            [Packable]
            public partial record Packer(int value, int writer, int reader, int sample, int data, int options, int key)
            {
                public int System { get; init; }
                public int Atdata { get; init; }
                [Field("glob")] public int global { get; init; }
                public string? SchemaNameLike { get; init; }
            }
            """).SetName("Members that shadow generated parameter and namespace names");

        yield return new TestCaseData("""
            using Atdata;
            namespace Clashing;
            [Packable]
            public partial record Catalog(string Schema, int Fields)
            {
                public required string SchemaCid { get; init; }
                public static string SchemaName => "mine";
                public string? Note { get; init; }
            }
            """).SetName("Members named like the generated schema properties are kept; the interface is implemented explicitly");

        yield return new TestCaseData("""
            using Atdata;
            namespace Empty;
            [Packable]
            public partial record Nothing;
            """).SetName("A record without fields has an empty schema");

        yield return new TestCaseData($$"""
            using Atdata;
            namespace Long;
            [Packable(Naming = PackableNaming.AsDeclared)]
            public partial record LongKey(int {{s_longName}});
            """).SetName("Wire name longer than 255 bytes (str16 key)");

        yield return new TestCaseData("""
            using Atdata;
            namespace Same;
            [Packable] public partial record 名前(int X);
            [Packable] public partial record 名称(int X);
            [Packable] public partial record Case(int X);
            [Packable] public partial record case_(int X);
            """).SetName("Hint names that collide after sanitising get unique suffixes");

        yield return new TestCaseData("""
            using Atdata;
            namespace Casing;
            [Packable] public partial record Sample(int X);
            [Packable] public partial record SAMPLE(int X);
            """).SetName("Hint names that differ only in case");

        yield return new TestCaseData("""
            using Atdata;
            namespace Parts;
            [Packable]
            public partial record Split;
            public partial record Split(int X)
            {
                public string? Y { get; init; }
            }
            """).SetName("Positional parameters on another partial declaration");

        yield return new TestCaseData("""
            using Atdata;
            namespace Empty;
            [Packable] public partial record Nothing;
            [Packable] public partial record struct NothingEither;
            [Packable] public partial record Ignored([property: SkipField] int Skipped, int Kept);
            """).SetName("Types with no or ignored fields");
    }

    public static IEnumerable<TestCaseData> BrokenInputs()
    {
        yield return new TestCaseData("""
            using Atdata;
            [Packable]
            public partial record Broken(int X
            """).SetName("Syntax error in the declaration");

        yield return new TestCaseData("""
            using Atdata;
            [Packable]
            public partial record Unknown(NotAType X, int Y);
            """).SetName("Unresolved member type");

        yield return new TestCaseData("""
            using Atdata;
            [Packable(Version = null, Naming = (PackableNaming)7)]
            public partial record OddArguments([Field(null)] int X);
            """).SetName("Null and out-of-range attribute arguments");

        yield return new TestCaseData("""
            using Atdata;
            [Packable, Packable]
            public partial record Twice(int X);
            [Packable]
            public partial record Twice;
            """).SetName("Attribute applied more than once");

        yield return new TestCaseData("""
            using Atdata;
            [Packable]
            public partial interface INotAType { }
            [Packable]
            public partial struct NotARecord { public int X; }
            """).SetName("Attribute on invalid targets");

        yield return new TestCaseData("""
            using Atdata;
            public partial class Outer<T>
            {
                [Packable]
                public partial record Inner(T Value);
            }
            """).SetName("Nested in a generic type");
    }

    [TestCaseSource(nameof(ValidInputs))]
    public void Valid_inputs_generate_compiling_code_deterministically(string source)
    {
        var (first, output) = TestCompilation.Run(source);
        AssertNoGeneratorFailure(first);
        Assert.That(first.Diagnostics, Is.Empty, "no generator diagnostics expected");

        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.That(errors, Is.Empty, string.Join("\n", errors));
        var generatedWarnings = output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true)
            .ToList();
        Assert.That(generatedWarnings, Is.Empty, string.Join("\n", generatedWarnings));

        var (second, _) = TestCompilation.Run(source);
        Assert.That(Texts(second), Is.EqualTo(Texts(first)), "output must be identical across runs");
    }

    [TestCaseSource(nameof(BrokenInputs))]
    public void Broken_inputs_never_throw(string source)
    {
        var (first, _) = TestCompilation.Run(source);
        AssertNoGeneratorFailure(first);
        var (second, _) = TestCompilation.Run(source);
        Assert.That(Texts(second), Is.EqualTo(Texts(first)));
        Assert.That(second.Diagnostics.Select(d => d.ToString()), Is.EqualTo(first.Diagnostics.Select(d => d.ToString())));
    }

    [Test]
    public void Colliding_hint_names_are_suffixed_with_a_stable_hash()
    {
        var (result, _) = TestCompilation.Run("""
            using Atdata;
            namespace Same;
            [Packable] public partial record 名前(int X);
            [Packable] public partial record 名称(int X);
            """);
        var hints = result.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.That(hints, Has.Count.EqualTo(2));
        Assert.That(hints, Is.Unique);
        Assert.That(hints, Has.All.Match(@"^Same\.__\.[0-9a-f]{8}\.Packable\.g\.cs$"));
    }

    [Test]
    public void Unique_hint_name_is_kept_without_suffix()
    {
        var (result, _) = TestCompilation.Run("""
            using Atdata;
            namespace Lab.Vision;
            public static partial class Outer { [Atdata.Packable] public partial record Inner(int X); }
            """);
        Assert.That(result.Results.Single().GeneratedSources.Single().HintName, Is.EqualTo("Lab.Vision.Outer.Inner.Packable.g.cs"));
    }

    private static void AssertNoGeneratorFailure(GeneratorDriverRunResult result)
    {
        Assert.That(result.Results.Single().Exception, Is.Null);
        Assert.That(result.Diagnostics.Select(d => d.Id), Has.None.EqualTo("CS8785").And.None.EqualTo("ATD0900"));
    }

    private static List<string> Texts(GeneratorDriverRunResult result)
        => result.Results.Single().GeneratedSources.Select(s => s.HintName + "\n" + s.SourceText).ToList();
}
