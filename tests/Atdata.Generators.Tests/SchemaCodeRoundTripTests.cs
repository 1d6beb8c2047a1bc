using System.Reflection;
using System.Runtime.Loader;
using Atdata.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using NUnit.Framework;

namespace Atdata.Generators.Tests;

/// <summary>
/// Issue part 8: <c>SchemaCodeGenerator.ToCSharp(record)</c> (runtime) compiled with the Packable generator gives a
/// type whose build-time <c>SchemaCid</c> is <c>record.ComputeStableCid()</c> and whose <c>Schema</c>, loaded and run,
/// equals the record without <c>createdAt</c>.
/// </summary>
[TestFixture]
public sealed class SchemaCodeRoundTripTests
{
    private const string Namespace = "RoundTrip";

    private static readonly string s_vectorsDir = typeof(SchemaCodeRoundTripTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AtdataVectorsDir").Value!;

    public static IEnumerable<TestCaseData> Records()
    {
        yield return new TestCaseData(VectorRecord("schema-image-as-stored")).SetName("Vector ImageSample (description, createdAt)");
        yield return new TestCaseData(VectorRecord("schema-text-null-description")).SetName("Vector TextSample (no description, optional bytes and ndarray)");
        yield return new TestCaseData(new SchemaRecord("Primitives", "2.5.1",
        [
            new SchemaField("text", SchemaFieldType.Str),
            new SchemaField("count", SchemaFieldType.Int),
            new SchemaField("score", SchemaFieldType.Float),
            new SchemaField("flag", SchemaFieldType.Bool),
            new SchemaField("blob", SchemaFieldType.Bytes),
            new SchemaField("maybe_text", SchemaFieldType.Str, optional: true),
            new SchemaField("maybe_count", SchemaFieldType.Int, optional: true),
            new SchemaField("maybe_score", SchemaFieldType.Float, optional: true),
            new SchemaField("maybe_flag", SchemaFieldType.Bool, optional: true),
        ])).SetName("Every primitive, required and optional");
        string[] dtypes = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool", "complex128"];
        yield return new TestCaseData(new SchemaRecord("Arrays", "1.0.0",
            dtypes.Select((d, i) => new SchemaField("a_" + d, SchemaFieldType.ForNdArray(d), optional: i % 2 == 1)).ToList()))
            .SetName("Every ndarray dtype with a .NET element type");
        yield return new TestCaseData(new SchemaRecord("Lists", "0.3.0",
        [
            new SchemaField("tags", SchemaFieldType.ForArray(SchemaFieldType.Str)),
            new SchemaField("frames", SchemaFieldType.ForArray(SchemaFieldType.ForNdArray("uint8"))),
            new SchemaField("blobs", SchemaFieldType.ForArray(SchemaFieldType.Bytes)),
            new SchemaField("ids", SchemaFieldType.ForArray(SchemaFieldType.Int), optional: true),
        ])).SetName("Lists");
        yield return new TestCaseData(new SchemaRecord("Maps", "1.1.0",
        [
            new SchemaField("counts", SchemaFieldType.ForMap(SchemaFieldType.Int)),
            new SchemaField("images", SchemaFieldType.ForMap(SchemaFieldType.ForNdArray("float32")), optional: true),
        ])).SetName("Maps (this SDK's extension)");
        yield return new TestCaseData(new SchemaRecord("class", "1.0.0",
        [
            new SchemaField("event", SchemaFieldType.Str),
            new SchemaField("schema", SchemaFieldType.Str),
            new SchemaField("fields", SchemaFieldType.Int),
            new SchemaField("image_url", SchemaFieldType.Str, optional: true),
        ])
        {
            Description = "Keywords, \"quotes\", a\nnew line, <xml> & ünïcode 😀.",
        }).SetName("Keyword and member-clashing names, escaped description");
        yield return new TestCaseData(new SchemaRecord("Unordered", "1.0.0",
        [
            new SchemaField("note", SchemaFieldType.Str, optional: true),
            new SchemaField("label", SchemaFieldType.Str),
        ])).SetName("Optional before required (kept in order)");
    }

    [TestCaseSource(nameof(Records))]
    public void Generated_csharp_compiles_and_keeps_the_schema_cid(SchemaRecord record)
    {
        string code = SchemaCodeGenerator.ToCSharp(record, new SchemaCodeOptions { Namespace = Namespace });
        var (result, output) = TestCompilation.Run(code);
        Assert.That(result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty, code);
        Assert.That(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty, code);

        string expectedCid = record.ComputeStableCid().ToString();
        Assert.That(SchemaLocks.Models(code).Single().Schema.Cid, Is.EqualTo(expectedCid), "build-time CID");

        var (cid, schema) = LoadAndRun(output, record.Name);
        Assert.That(cid, Is.EqualTo(expectedCid), "T.SchemaCid");
        Assert.That(schema, Is.EqualTo(record with { CreatedAt = null, Ref = null }), "T.Schema");
    }

    [TestCase("complex64", "float32")]
    public void Dtypes_without_a_dotnet_element_type_are_described_as_documented(string dtype, string compiled)
    {
        // ToCSharp writes an untyped NdArray for them; the generator describes an untyped NdArray as Python's bare
        // NDArray ("float32"), so such a record does not round-trip exactly (documented in docs/schemas.md).
        var record = new SchemaRecord("Complex", "1.0.0", [new SchemaField("z", SchemaFieldType.ForNdArray(dtype))]);
        string code = SchemaCodeGenerator.ToCSharp(record);
        var schema = SchemaLocks.Models(code).Single().Schema;
        Assert.That(schema.Fields.Single().FieldTypeJson, Is.EqualTo("{\"$type\": \"local#ndarray\", \"dtype\": \"" + compiled + "\"}"));
        Assert.That(schema.Cid, Is.Not.EqualTo(record.ComputeStableCid().ToString()));
    }

    private static SchemaRecord VectorRecord(string id)
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(s_vectorsDir, "schema_cids.json")));
        var vector = document.RootElement.GetProperty("schema_vectors").EnumerateArray().Single(v => v.GetProperty("id").GetString() == id);
        return SchemaRecord.Parse(vector.GetProperty("redis_json_as_python_json_dumps").GetString()!);
    }

    /// <summary>Emits the compilation, loads it into a collectible context and reads <c>T.SchemaCid</c> and <c>T.Schema</c>.</summary>
    private static (string Cid, SchemaRecord Schema) LoadAndRun(Compilation compilation, string schemaName)
    {
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.That(emit.Success, Is.True, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext("schema-round-trip", isCollectible: true);
        try
        {
            var type = context.LoadFromStream(stream).GetTypes().Single(t => t.Namespace == Namespace && IsPackable(t) && SchemaName(t) == schemaName);
            string cid = (string)StaticProperty(type, "SchemaCid")!;
            var schema = (SchemaRecord)StaticProperty(type, "Schema")!;
            return (cid, schema);
        }
        finally
        {
            context.Unload();
        }
    }

    private static bool IsPackable(Type type) => type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IPackable<>));

    private static string SchemaName(Type type) => (string)StaticProperty(type, "SchemaName")!;

    private static object? StaticProperty(Type type, string name)
        => type.GetProperty(name, BindingFlags.Public | BindingFlags.Static)!.GetValue(null);
}
