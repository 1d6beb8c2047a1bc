using System.Reflection;
using System.Text.Json;
using Atdata.Cli.Tests.Infrastructure;

namespace Atdata.Cli.Tests.Verbs;

/// <summary>schema show/diff/codegen/lock over schema JSON files (no index needed).</summary>
public sealed class SchemaFileTests : CliTestBase
{
    private string WriteSchema(string name, SchemaRecord record)
    {
        string path = Dir.File(name);
        File.WriteAllText(path, record.ToJson());
        return path;
    }

    [Test]
    public async Task Diff_reports_added_removed_retyped_and_optionality()
    {
        var before = new SchemaRecord("Row", "1.0.0", [new SchemaField("id", SchemaFieldType.Int), new SchemaField("name", SchemaFieldType.Str), new SchemaField("score", SchemaFieldType.Int), new SchemaField("note", SchemaFieldType.Str)]);
        var after = new SchemaRecord("Row", "2.0.0", [new SchemaField("id", SchemaFieldType.Int), new SchemaField("score", SchemaFieldType.Float), new SchemaField("note", SchemaFieldType.Str, optional: true), new SchemaField("tags", SchemaFieldType.ForArray(SchemaFieldType.Str))]);
        string a = WriteSchema("a.json", before), b = WriteSchema("b.json", after);

        var human = await Cli.RunAsync("schema", "diff", a, b);
        var json = await Cli.RunAsync("schema", "diff", a, b, "--json");
        var same = await Cli.RunAsync("schema", "diff", a, a, "--json");
        Assert.That(human.ExitCode, Is.EqualTo(0), human.ToString());
        Assert.That(human.Stdout, Does.Contain("- name: str").And.Contain("+ tags:").And.Contain("~ score: int -> float").And.Contain("~ note: required -> optional").And.Contain("~ version: 1.0.0 -> 2.0.0"));
        using var doc = JsonDocument.Parse(json.Stdout);
        var root = doc.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("identical").GetBoolean(), Is.False);
            Assert.That(root.GetProperty("added").EnumerateArray().Select(f => f.GetProperty("name").GetString()), Is.EqualTo(new[] { "tags" }));
            Assert.That(root.GetProperty("removed").EnumerateArray().Select(f => f.GetProperty("name").GetString()), Is.EqualTo(new[] { "name" }));
            Assert.That(root.GetProperty("retyped")[0].GetProperty("name").GetString(), Is.EqualTo("score"));
            Assert.That(root.GetProperty("optionalityChanged")[0].GetProperty("to").GetBoolean(), Is.True);
        });
        using var sameDoc = JsonDocument.Parse(same.Stdout);
        Assert.That(sameDoc.RootElement.GetProperty("identical").GetBoolean(), Is.True);
    }

    [Test]
    public async Task Codegen_writes_the_packable_record_to_a_file()
    {
        string schema = WriteSchema("image.json", ImageSample.Schema);
        string output = Dir.File("ImageSample.g.cs");
        var result = await Cli.RunAsync("schema", "codegen", schema, "--namespace", "Lab.Vision", "--output", output);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(await File.ReadAllTextAsync(output), Is.EqualTo(SchemaCodeGenerator.ToCSharp(ImageSample.Schema, new SchemaCodeOptions { Namespace = "Lab.Vision" })));
    }

    [Test]
    public async Task Show_prints_the_fields()
    {
        var result = await Cli.RunAsync("schema", "show", WriteSchema("image.json", ImageSample.Schema));
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Stdout, Does.Match(@"image\s+ndarray").And.Match(@"label\s+str\s+no").And.Contain(ImageSample.SchemaCid));
    }

    [Test]
    public async Task Lock_writes_exactly_the_entry_the_generator_compiles()
    {
        // The generator compiles each type's lock entry into the assembly; the tool must write the same text.
        string type = typeof(ImageSample).FullName!;
        string generated = typeof(ImageSample).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "AtdataSchemaLock:" + type).Value!;
        string path = Dir.File("atdata.schemas.json");
        var result = await Cli.RunAsync("schema", "lock", WriteSchema("image.json", ImageSample.Schema), "--namespace", typeof(ImageSample).Namespace!, "--output", path);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo("{\n  \"atdataSchemaLock\": 1,\n  \"schemas\": [\n" + generated + "\n  ]\n}\n"));
    }

    [Test]
    public async Task Lock_updates_an_existing_file_and_keeps_other_entries_sorted()
    {
        string path = Dir.File("atdata.schemas.json");
        var other = new SchemaRecord("Zeta", "1.0.0", [new SchemaField("x", SchemaFieldType.Int)]) { Description = "caf\u00e9 \"quoted\"" };
        Assert.That((await Cli.RunAsync("schema", "lock", WriteSchema("zeta.json", other), "--output", path)).ExitCode, Is.EqualTo(0));
        var v1 = new SchemaRecord("Alpha", "1.0.0", [new SchemaField("a", SchemaFieldType.ForNdArray("float32", [null, 3]))]);
        var v2 = new SchemaRecord("Alpha", "1.1.0", [new SchemaField("a", SchemaFieldType.ForNdArray("float32", [null, 3])), new SchemaField("b", SchemaFieldType.Bytes, optional: true)]);
        Assert.That((await Cli.RunAsync("schema", "lock", WriteSchema("a1.json", v1), "--output", path, "--namespace", "N")).ExitCode, Is.EqualTo(0));
        var result = await Cli.RunAsync("schema", "lock", WriteSchema("a2.json", v2), "--output", path, "--namespace", "N", "--json");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());

        string text = await File.ReadAllTextAsync(path);
        using var doc = JsonDocument.Parse(text);
        var schemas = doc.RootElement.GetProperty("schemas");
        Assert.Multiple(() =>
        {
            Assert.That(schemas.EnumerateArray().Select(s => s.GetProperty("type").GetString()), Is.EqualTo(new[] { "N.Alpha", "Zeta" }));
            Assert.That(schemas[0].GetProperty("version").GetString(), Is.EqualTo("1.1.0"));
            Assert.That(schemas[0].GetProperty("schemaCid").GetString(), Is.EqualTo(v2.ComputeStableCid().ToString()));
            Assert.That(schemas[1].GetProperty("description").GetString(), Is.EqualTo(other.Description));
            Assert.That(text, Does.Contain("\"caf\\u00e9 \\\"quoted\\\"\""), "escaped as Python's json.dumps");
            Assert.That(text, Does.Contain("{\"name\": \"a\", \"fieldType\": {\"$type\": \"local#ndarray\", \"dtype\": \"float32\", \"shape\": [null, 3]}, \"optional\": false}"));
            Assert.That(text, Does.Not.Contain("\r"));
        });
    }

    [Test]
    public async Task Lock_refuses_a_file_that_is_not_a_lock()
    {
        string path = Dir.File("atdata.schemas.json");
        await File.WriteAllTextAsync(path, "{\"something\": true}");
        var result = await Cli.RunAsync("schema", "lock", WriteSchema("image.json", ImageSample.Schema), "--output", path);
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.ErrorLines, Has.Count.EqualTo(1));
        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo("{\"something\": true}"), "left untouched");
    }

    [Test]
    public async Task A_schema_argument_that_is_neither_a_file_nor_a_reference_fails()
    {
        var result = await Cli.RunAsync("schema", "codegen", "not-a-schema");
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stderr, Does.StartWith("atdata: error: 'not-a-schema' is neither a schema JSON file nor a schema reference"));
    }
}
