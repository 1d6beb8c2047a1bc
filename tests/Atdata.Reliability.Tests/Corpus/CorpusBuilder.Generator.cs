using System.Text;

namespace Atdata.Reliability.Tests.Corpus;

internal static partial class CorpusBuilder
{
    private static CorpusCase Source(string id, string cwe, string expected, string source, string? diagnostic = null)
        => new(id, "G1", cwe, Targets.Generator, expected, "cs.txt", Encoding.UTF8.GetBytes(source)) { Message = diagnostic };

    private static IEnumerable<CorpusCase> GeneratorInputs()
    {
        yield return Source("g1-gen-keyword-names-escaped", "CWE-94", Expectations.ValidOutput, """
            using Atdata;
            namespace @namespace.@class;
            [Packable]
            public partial record @record(int @int, [Field("klass")] string @class, [Field("evt")] string @event);
            """);
        yield return Source("g1-gen-unicode-identifiers", "CWE-94", Expectations.ValidOutput, """
            using Atdata;
            namespace Ünïcode.名前空間;
            [Packable]
            public partial record Größe([Field("name")] string 名前, [Field("value")] double \u0056alue2);
            """);
        // A Cyrillic 'а' beside a Latin 'a': the wire name is refused (Python field names are ASCII here).
        yield return Source("g1-gen-confusable-member-names", "CWE-1007", Expectations.Diagnostic, """
            using Atdata;
            namespace Confusable;
            [Packable]
            public partial record Person(string Name, string Nаme);
            """, "ATD0052");
        yield return Source("g1-gen-comment-terminator-and-quotes-in-docs", "CWE-94", Expectations.ValidOutput, """
            using Atdata;
            namespace Docs;
            /// <summary>Ends a comment */ and "quotes" and <c>&amp;</c> and ]]> too.</summary>
            [Packable(Description = "*/ \" \\ \n end")]
            public partial record Documented(string Text);
            """);
        yield return Source("g1-gen-wire-name-python-keyword", "CWE-94", Expectations.Diagnostic, """
            using Atdata;
            namespace Wire;
            [Packable]
            public partial record Keyworded([Field("class")] string Klass);
            """, "ATD0052");
        yield return Source("g1-gen-wire-name-with-quote", "CWE-94", Expectations.Diagnostic, """
            using Atdata;
            namespace Wire;
            [Packable]
            public partial record Quoted([Field("a\"b")] string A);
            """, "ATD0052");
        yield return Source("g1-gen-wire-name-comment-terminator", "CWE-94", Expectations.Diagnostic, """
            using Atdata;
            namespace Wire;
            [Packable]
            public partial record Terminated([Field("x*/y")] string X);
            """, "ATD0052");
        yield return Source("g1-gen-duplicate-wire-name", "CWE-694", Expectations.Diagnostic, """
            using Atdata;
            namespace Wire;
            [Packable]
            public partial record Twice([Field("same")] string A, [Field("same")] string B);
            """, "ATD0051");
        yield return Source("g1-gen-injected-schema-version", "CWE-94", Expectations.Diagnostic, """
            using Atdata;
            namespace Versions;
            [Packable(Version = "1.0\"; System.Environment.Exit(1); //")]
            public partial record Injected(int X);
            """, "ATD0101");
        yield return Source("g1-gen-syntax-error", "CWE-20", Expectations.Tolerated, """
            using Atdata;
            [Packable]
            public partial record Broken(int X
            """);
        yield return Source("g1-gen-unresolved-type", "CWE-20", Expectations.Tolerated, """
            using Atdata;
            [Packable]
            public partial record Unknown(NotAType X, int Y);
            """);
    }
}
