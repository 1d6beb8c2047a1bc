using Atdata.Generators.Lock;
using Atdata.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using NUnit.Framework;

namespace Atdata.Generators.Tests;

/// <summary>
/// Compile-time schema validation against <c>atdata.schemas.json</c>: each rule reports as described, and the same
/// code passes once the lock is updated the documented way (the text <c>AtdataUpdateSchemaLock</c> writes).
/// </summary>
[TestFixture]
public sealed class SchemaLockTests
{
    /// <summary>The published type: version and fields are replaced per test.</summary>
    private const string Published = """
        using Atdata;
        namespace Lab;
        [Packable(Version = "1.2.0", Description = "A labelled count.")]
        public partial record Sample(string Label, int Count, string? Note);
        """;

    private static readonly string s_lock = SchemaLocks.For(Published);

    private static Task VerifyAsync(string source, string? lockText, bool validation = true)
    {
        var test = new GeneratorTest(source) { TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck };
        if (lockText is not null)
        {
            test.TestState.AdditionalFiles.Add((SchemaLocks.FileName, SourceText.From(lockText)));
        }

        if (!validation)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.AtdataSchemaLockValidation = false\n"));
        }

        return test.RunAsync();
    }

    /// <summary>The published source with the declaration line replaced and the type name marked for one diagnostic.</summary>
    private static string Changed(string attribute, string declaration, string? markedId = null)
    {
        string name = markedId is null ? "Sample" : "{|" + markedId + ":Sample|}";
        return $$"""
            using Atdata;
            namespace Lab;
            {{attribute}}
            public partial record {{name}}{{declaration}};
            """;
    }

    [Test]
    public Task Unchanged_code_matches_its_lock() => VerifyAsync(Published, s_lock);

    [Test]
    public Task Without_a_lock_nothing_is_checked() => VerifyAsync(Changed("[Packable(Version = \"0.1.0\")]", "(string Label)"), null);

    [Test]
    public Task Reformatting_and_comments_do_not_trip_the_lock() => VerifyAsync("""
        using Atdata;

        namespace Lab;

        // A comment, and a doc comment that is not the schema description:
        /// <summary>Anything at all.</summary>
        [Packable( Description = "A labelled count." ,Version = "1.2.0" )]
        public partial record Sample(
            string Label,      // the label
            int Count,
            string? Note)
        {
            public int Twice => Count * 2;
            public override string ToString() => Label;
        }
        """, s_lock);

    [Test]
    public Task ATD0110_SchemaChangedWithoutVersionChange() => VerifyAsync(
        Changed("[Packable(Version = \"1.2.0\", Description = \"A labelled count.\")]", "(string Label, int Count, string? Note, double? Score)", "ATD0110"),
        s_lock);

    [TestCase("(long Count, string Label, string Note, bool Extra)", "[Packable(Version = \"1.2.0\", Description = \"Changed.\")]",
        "field 'note' became required; field 'extra' was added; the description changed", TestName = "ATD0110 lists every change")]
    [TestCase("(int Count, string Label, string? Note)", null, "the fields were reordered", TestName = "ATD0110 reorder")]
    [TestCase("(string Label, double Count, string? Note)", null, "field 'count' changed type from int to float", TestName = "ATD0110 retype")]
    [TestCase("(string Label, string? Note)", null, "field 'count' was removed", TestName = "ATD0110 removal")]
    public void ATD0110_Message_says_what_changed(string declaration, string? attribute, string what)
    {
        string source = Changed(attribute ?? "[Packable(Version = \"1.2.0\", Description = \"A labelled count.\")]", declaration);
        Assert.That(Messages(source, s_lock), Is.EqualTo(new[]
        {
            "ATD0110: The schema of 'Sample' differs from version 1.2.0 in the schema lock, but its version is still 1.2.0: " + what,
        }));
    }

    [Test]
    public void Same_schema_types_from_other_csharp_types_do_not_trip_the_lock()
    {
        // int → long and string? → string? through another spelling keep the schema (Python int, optional str).
        string source = Changed("[Packable(Version = \"1.2.0\", Description = \"A labelled count.\")]", "(string Label, long Count, System.String? Note)");
        Assert.That(Messages(source, s_lock), Is.Empty);
    }

    /// <summary>The generator's diagnostics for <paramref name="source"/> with <paramref name="lockText"/> as the lock, as "ID: message".</summary>
    private static List<string> Messages(string source, string lockText)
    {
        var (result, _) = TestCompilation.Run([source], [(SchemaLocks.FileName, lockText)]);
        return result.Diagnostics.Select(d => d.Id + ": " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    [Test]
    public Task ATD0110_PassesAfterTheLockUpdate()
    {
        string changed = Changed("[Packable(Version = \"1.2.0\", Description = \"A labelled count.\")]", "(string Label, int Count, string? Note, double? Score)");
        return VerifyAsync(changed, SchemaLocks.For(changed));
    }

    [Test]
    public Task ATD0111_FieldRemovedWithoutMajorBump() => VerifyAsync(
        Changed("[Packable(Version = \"1.3.0\", Description = \"A labelled count.\")]", "(string Label, string? Note)", "ATD0111"),
        s_lock);

    [Test]
    public void ATD0111_EachBreakingFieldIsReported()
    {
        string source = Changed("[Packable(Version = \"1.2.1\", Description = \"A labelled count.\")]", "(double Count, string Note)");
        Assert.That(Messages(source, s_lock), Is.EqualTo(new[]
        {
            "ATD0111: Field 'label' of 'Sample' was removed since version 1.2.0 in the schema lock, which needs a new major version, not 1.2.1",
            "ATD0111: Field 'count' of 'Sample' changed type from int to float since version 1.2.0 in the schema lock, which needs a new major version, not 1.2.1",
            "ATD0111: Field 'note' of 'Sample' became required since version 1.2.0 in the schema lock, which needs a new major version, not 1.2.1",
        }));
    }

    [Test]
    public Task ATD0111_PassesWithAMajorBump() => VerifyAsync(
        Changed("[Packable(Version = \"2.0.0\", Description = \"A labelled count.\")]", "(string Label, long Count)"),
        s_lock);

    [Test]
    public Task ATD0112_FieldAddedWithoutMinorBump() => VerifyAsync(
        Changed("[Packable(Version = \"1.2.1\", Description = \"A labelled count.\")]", "(string Label, int Count, string? Note, double? Score)", "ATD0112"),
        s_lock);

    [Test]
    public Task ATD0112_PassesWithAMinorBump() => VerifyAsync(
        Changed("[Packable(Version = \"1.3.0\", Description = \"A labelled count.\")]", "(string Label, int Count, string? Note, double? Score)"),
        s_lock);

    [Test]
    public Task ATD0112_PassesAfterTheLockUpdate()
    {
        string changed = Changed("[Packable(Version = \"1.2.1\", Description = \"A labelled count.\")]", "(string Label, int Count, string? Note, double? Score)");
        return VerifyAsync(changed, SchemaLocks.For(changed));
    }

    [Test]
    public Task ATD0113_SchemaVersionLowered() => VerifyAsync("""
        using Atdata;
        namespace Lab;
        [Packable(Version = {|ATD0113:"1.1.9"|}, Description = "A labelled count.")]
        public partial record Sample(string Label, int Count, string? Note);
        """, s_lock);

    [Test]
    public Task ATD0113_VersionsCompareNumerically() => VerifyAsync(
        Changed("[Packable(Version = \"1.10.0\", Description = \"A labelled count.\")]", "(string Label, int Count, string? Note)"),
        s_lock);

    [Test]
    public Task ATD0113_PassesAfterRestoringTheVersion() => VerifyAsync(Published, s_lock);

    [Test]
    public Task ATD0114_TypeMissingFromSchemaLock() => VerifyAsync(
        Published + "\n[Packable] public partial record {|ATD0114:Added|}(int X);",
        s_lock);

    [Test]
    public Task ATD0114_PassesAfterTheLockUpdate()
    {
        string source = Published + "\n[Packable] public partial record Added(int X);";
        return VerifyAsync(source, SchemaLocks.For(source));
    }

    [Test]
    public async Task ATD0115_MalformedSchemaLock()
    {
        var test = new GeneratorTest(Published) { TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck };
        string broken = s_lock.Replace("\n  ]\n}", ",\n  ]\n}", StringComparison.Ordinal);
        test.TestState.AdditionalFiles.Add((SchemaLocks.FileName, SourceText.From(broken)));
        int line = broken.Split('\n').Length - 2;
        test.TestState.ExpectedDiagnostics.Add(DiagnosticResult.CompilerError("ATD0115")
            .WithSpan(SchemaLocks.FileName, line, 3, line, 4)
            .WithArguments("unexpected character ']'"));
        await test.RunAsync();
    }

    [Test]
    public Task ATD0115_PassesAfterTheLockUpdate() => VerifyAsync(Published, SchemaLocks.For(Published));

    [Test]
    public Task Checks_are_off_while_the_lock_is_updated() => VerifyAsync(
        Changed("[Packable(Version = \"0.0.1\")]", "(bool Flag)") + "\n[Packable] public partial record Added(int X);",
        s_lock,
        validation: false);

    [Test]
    public Task Malformed_lock_is_not_reported_while_the_lock_is_updated() => VerifyAsync(Published, "{ not json", validation: false);

    [TestCase("", "unexpected end of the file", TestName = "Empty file")]
    [TestCase("[]", "the lock must be an object, not an array", TestName = "Array root")]
    [TestCase("{}", "the lock has no 'atdataSchemaLock' key", TestName = "No format key")]
    [TestCase("{\"atdataSchemaLock\": 2, \"schemas\": []}", "'atdataSchemaLock' must be 1", TestName = "Newer format")]
    [TestCase("{\"atdataSchemaLock\": 1}", "the lock has no 'schemas' key", TestName = "No schemas")]
    [TestCase("{\"atdataSchemaLock\": 1, \"schemas\": [], \"schemas\": []}", "the key 'schemas' appears twice", TestName = "Repeated key")]
    [TestCase("{\"atdataSchemaLock\": 1, \"schemas\": [{\"type\": \"A\"}]}", "the entry of A has no 'version' key", TestName = "No version")]
    [TestCase("{\"atdataSchemaLock\": 1, \"schemas\": [{\"type\": \"A\", \"version\": \"1.0\"}]}", "the version '1.0' of A is not a strict semantic version", TestName = "Bad version")]
    [TestCase("{\"atdataSchemaLock\": 1, \"schemas\": [{\"type\": \"A\", \"version\": \"1.0.0\", \"fields\": [{\"name\": \"x\", \"optional\": 1}]}]}", "'optional' must be true or false, not a number", TestName = "Bad optional")]
    [TestCase("{\"atdataSchemaLock\": 1, \"schemas\": [{\"type\": \"A\", \"version\": \"1.0.0\", \"fields\": [{\"name\": \"x\", \"optional\": true, \"fieldType\": {}}]}]}", "a 'fieldType' needs a string '$type'", TestName = "Bad field type")]
    [TestCase("{\"atdataSchemaLock\": 1, \"schemas\": [{\"type\": \"A\"}, {\"type\": \"A\"}]}", "the entry of A has no 'version' key", TestName = "Entry checked before duplicates")]
    [TestCase("{\"atdataSchemaLock\": 1, \"schemas\": [] // comment\n}", "comments are not allowed", TestName = "Comment")]
    [TestCase("{\"atdataSchemaLock\": 1, \"schemas\": [\"a\\q\"]}", "invalid escape sequence", TestName = "Bad escape")]
    public void Malformed_locks_are_reported_with_the_reason(string text, string reason)
    {
        var result = SchemaLock.Read("/p/" + SchemaLocks.FileName, SourceText.From(text));
        Assert.That(result.IsPresent, Is.True);
        Assert.That(result.IsUsable, Is.False);
        Assert.That(result.Entries, Is.Empty);
        var diagnostic = result.Diagnostics.Single().ToDiagnostic();
        Assert.That(diagnostic.Id, Is.EqualTo("ATD0115"));
        Assert.That(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), Does.Contain(reason));
        Assert.That(diagnostic.Location.GetLineSpan().Path, Is.EqualTo("/p/" + SchemaLocks.FileName));
    }

    [Test]
    public void Reading_is_tolerant_of_key_order_white_space_and_unknown_keys()
    {
        string text = """
            {"schemas": [{"fields": [{"optional": false, "fieldType": {"primitive": "int", "$type": "local#primitive"}, "name": "x", "future": 1}],
              "version": "1.0.0", "schemaCid": "bafy", "name": "A", "type": "Lab.A", "extra": {"nested": [1, 2.5e3, null, true]}}],
             "atdataSchemaLock": 1}
            """;
        var result = SchemaLock.Read(SchemaLocks.FileName, SourceText.From(text));
        Assert.That(result.IsUsable, Is.True, string.Join("; ", result.Diagnostics.Select(d => d.ToDiagnostic().ToString())));
        var entry = result.Find("Lab.A")!;
        Assert.That(entry.Description, Is.Null);
        Assert.That(entry.Fields.Single(), Is.EqualTo(new LockField("x", "{\"$type\": \"local#primitive\", \"primitive\": \"int\"}", false)));
    }

    [Test]
    public void One_lock_given_twice_counts_once_and_two_locks_are_an_error()
    {
        var (same, _) = TestCompilation.Run([Published], [("/p/" + SchemaLocks.FileName, s_lock), ("/p/" + SchemaLocks.FileName, s_lock)]);
        Assert.That(same.Diagnostics, Is.Empty);

        var (two, _) = TestCompilation.Run([Published], [("/p/b/" + SchemaLocks.FileName, s_lock), ("/p/a/" + SchemaLocks.FileName, s_lock)]);
        var diagnostic = two.Diagnostics.Single();
        Assert.That(diagnostic.Id, Is.EqualTo("ATD0115"));
        Assert.That(diagnostic.Location.GetLineSpan().Path, Is.EqualTo("/p/b/" + SchemaLocks.FileName));
        Assert.That(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), Does.EndWith("the project has more than one atdata.schemas.json (the first is /p/a/atdata.schemas.json)"));
    }

    [Test]
    public void The_lock_file_is_found_by_name_in_any_folder_and_case()
    {
        Assert.That(SchemaLock.IsLockFile("/src/app/atdata.schemas.json"), Is.True);
        Assert.That(SchemaLock.IsLockFile(@"C:\src\app\Atdata.Schemas.JSON"), Is.True);
        Assert.That(SchemaLock.IsLockFile("atdata.schemas.json"), Is.True);
        Assert.That(SchemaLock.IsLockFile("/src/app/atdata.schemas.json.bak"), Is.False);
        Assert.That(SchemaLock.IsLockFile("/src/other-atdata.schemas.json"), Is.False);
    }

    [Test]
    public void The_lock_text_is_deterministic_and_escapes_like_python()
    {
        string source = """
            using Atdata;
            namespace Lab;
            [Packable(Description = "Ünïcode \"quoted\"\n")]
            public partial record Zed(string Label);
            [Packable]
            public partial record Alpha(System.Collections.Generic.List<NdArray<byte>> Frames);
            """;
        string text = SchemaLocks.For(source);
        Assert.That(text, Is.EqualTo(SchemaLocks.For(source)));
        Assert.That(text, Does.StartWith("{\n  \"atdataSchemaLock\": 1,\n  \"schemas\": [\n    {\n      \"type\": \"Lab.Alpha\",\n"));
        Assert.That(text, Does.Contain("      \"description\": \"\\u00dcn\\u00efcode \\\"quoted\\\"\\n\",\n"));
        Assert.That(text, Does.Contain("        {\"name\": \"frames\", \"fieldType\": {\"$type\": \"local#array\", \"items\": {\"$type\": \"local#ndarray\", \"dtype\": \"uint8\"}}, \"optional\": false}\n"));
        Assert.That(text, Does.EndWith("\n    }\n  ]\n}\n"));
        Assert.That(text, Does.Not.Contain("\r"));
        Assert.That(SchemaLock.Read(SchemaLocks.FileName, SourceText.From(text)).Entries.Select(e => e.Type), Is.EqualTo(new[] { "Lab.Alpha", "Lab.Zed" }));
        Assert.That(SchemaLockFormat.FormatFile([]), Is.EqualTo("{\n  \"atdataSchemaLock\": 1,\n  \"schemas\": []\n}\n"));
    }

    [TestCase("{\"$type\": \"local#primitive\", \"primitive\": \"int\"}", "int")]
    [TestCase("{\"$type\": \"local#ndarray\", \"dtype\": \"float32\"}", "ndarray[float32]")]
    [TestCase("{\"$type\": \"local#array\", \"items\": {\"$type\": \"local#primitive\", \"primitive\": \"str\"}}", "list[str]")]
    [TestCase("{\"$type\": \"local#map\", \"values\": {\"$type\": \"local#ndarray\", \"dtype\": \"uint8\"}}", "dict[str, ndarray[uint8]]")]
    [TestCase("{\"$type\": \"local#dataframe\"}", "dataframe")]
    [TestCase("not json", "not json")]
    public void Field_types_are_described_in_python_terms(string json, string expected)
        => Assert.That(SchemaLockChecker.Describe(json), Is.EqualTo(expected));
}
