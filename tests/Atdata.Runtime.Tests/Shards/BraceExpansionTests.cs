using NUnit.Framework;

namespace Atdata.Runtime.Tests.Shards;

/// <summary>Python braceexpand's documented behaviour and corner cases, case by case.</summary>
public class BraceExpansionTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        static TestCaseData Case(string pattern, params string[] expected) => new TestCaseData(pattern, expected).SetArgDisplayNames(pattern.Replace("\n", "\\n"));

        // Plain strings and alternatives.
        yield return Case("data.tar", "data.tar");
        yield return Case("", "");
        yield return Case("a{b,c}d", "abd", "acd");
        yield return Case("{a,b,c}", "a", "b", "c");
        yield return Case("x{,y}", "x", "xy");
        yield return Case("a{,}b", "ab", "ab");
        yield return Case("{a,b}{1,2}", "a1", "a2", "b1", "b2");
        yield return Case("{1..3}{a,b}", "1a", "1b", "2a", "2b", "3a", "3b");
        yield return Case("a b{1,2}", "a b1", "a b2");

        // Integer ranges, padding, direction and steps.
        yield return Case("{1..3}", "1", "2", "3");
        yield return Case("{3..1}", "3", "2", "1");
        yield return Case("{1..1}", "1");
        yield return Case("{0..0}", "0");
        yield return Case("{0..3}", "0", "1", "2", "3");
        yield return Case("{000..003}", "000", "001", "002", "003");
        yield return Case("{0..05}", "00", "01", "02", "03", "04", "05");
        yield return Case("{08..10}", "08", "09", "10");
        yield return Case("{9..11}", "9", "10", "11");
        yield return Case("{10..08}", "10", "09", "08");
        yield return Case("{0..10..2}", "0", "2", "4", "6", "8", "10");
        yield return Case("{0..10..3}", "0", "3", "6", "9");
        yield return Case("{10..0..3}", "10", "7", "4", "1");
        yield return Case("{0..10..-2}", "0", "2", "4", "6", "8", "10");
        yield return Case("{1..3..0}", "1", "2", "3");
        yield return Case("{-1..2}", "-1", "0", "1", "2");
        yield return Case("{2..-1}", "2", "1", "0", "-1");
        yield return Case("{-01..1}", "-01", "000", "001");
        yield return Case("{00..-2}", "00", "-1", "-2");
        yield return Case("{-0..2}", "0", "1", "2");
        yield return Case("data-{000000..000002}.tar", "data-000000.tar", "data-000001.tar", "data-000002.tar");
        yield return Case("{1..2\n}", "1", "2");

        // Character ranges over A-Z then a-z.
        yield return Case("{a..e}", "a", "b", "c", "d", "e");
        yield return Case("{e..a}", "e", "d", "c", "b", "a");
        yield return Case("{a..e..2}", "a", "c", "e");
        yield return Case("{Y..b}", "Y", "Z", "a", "b");
        yield return Case("{b..Y}", "b", "a", "Z", "Y");
        yield return Case("{A..C}", "A", "B", "C");
        yield return Case("{C..A}", "C", "B", "A");
        yield return Case("{c..c}", "c");
        yield return Case("{A..A}", "A");

        // Nesting.
        yield return Case("{a,b{1,2}}", "a", "b1", "b2");
        yield return Case("{x{1..2},y}", "x1", "x2", "y");
        yield return Case("{a,{b,{c,d}}}e", "ae", "be", "ce", "de");

        // Groups that are neither a range nor a list stay literal, their inside expanded.
        yield return Case("a{b}c", "a{b}c");
        yield return Case("{}", "{}");
        yield return Case("{a{b,c}}", "{ab}", "{ac}");
        yield return Case("{1..a}", "{1..a}");
        yield return Case("{1..2..}", "{1..2..}");
        yield return Case("{aa..c}", "{aa..c}");
        yield return Case("}{", "}{");

        // Escapes.
        yield return Case(@"a\{b,c\}", "a{b,c}");
        yield return Case(@"\{a,b\}", "{a,b}");
        yield return Case(@"{a\,b,c}", "a,b", "c");
        yield return Case(@"a\\b", @"a\b");
        yield return Case(@"abc\", @"abc\");
        yield return Case(@"{a,b}\,x", "a,x", "b,x");
    }

    [TestCaseSource(nameof(Cases))]
    public void Expands_like_python_braceexpand(string pattern, string[] expected)
        => Assert.That(BraceExpansion.Expand(pattern), Is.EqualTo(expected));

    [TestCase("{a,b")]
    [TestCase("a}b")]
    [TestCase("{{a,b}")]
    [TestCase("{a,b}}")]
    public void Unbalanced_braces_raise_argument_exception(string pattern)
        => Assert.Throws<ArgumentException>(() => BraceExpansion.Expand(pattern));

    [Test]
    public void Huge_expansions_are_refused_before_allocating()
    {
        Assert.Throws<ArgumentException>(() => BraceExpansion.Expand("{0..99999999999}"));
        Assert.Throws<ArgumentException>(() => BraceExpansion.Expand("{0..9999}{0..9999}"));
    }

    [Test]
    public void Large_ranges_use_exact_integers()
        => Assert.That(BraceExpansion.Expand("{99999999999999999998..100000000000000000000}"), Is.EqualTo(new[] { "99999999999999999998", "99999999999999999999", "100000000000000000000" }));

    [Test]
    public void Collapse_puts_the_differing_middles_in_a_list()
    {
        var paths = new[] { "/srv/out/data-000000.tar", "/srv/out/data-000001.tar", "/srv/out/data-000002.tar" };
        Assert.That(BraceExpansion.Collapse(paths), Is.EqualTo("/srv/out/data-00000{0,1,2}.tar"));
        Assert.That(BraceExpansion.Expand(BraceExpansion.Collapse(paths)), Is.EqualTo(paths));
    }

    [Test]
    public void Collapse_handles_different_widths_and_single_paths()
    {
        Assert.That(BraceExpansion.Collapse(["x/a-9.tar", "x/a-10.tar"]), Is.EqualTo("x/a-{9,10}.tar"));
        Assert.That(BraceExpansion.Collapse(["only.tar"]), Is.EqualTo("only.tar"));
        var many = Enumerable.Range(0, 12).Select(i => $"/d/s-{i:D6}.tar").ToArray();
        Assert.That(BraceExpansion.Collapse(many), Is.EqualTo("/d/s-0000{00,01,02,03,04,05,06,07,08,09,10,11}.tar"));
        Assert.That(BraceExpansion.Expand(BraceExpansion.Collapse(many)), Is.EqualTo(many));
    }

    [Test]
    public void Collapse_falls_back_to_spaces_when_a_middle_is_empty()
    {
        Assert.That(BraceExpansion.Collapse(["a.tar", "ab.tar"]), Is.EqualTo("a.tar ab.tar"));
        Assert.That(BraceExpansion.Collapse(["ab", "abab"]), Is.EqualTo("ab abab"));
        Assert.That(BraceExpansion.Expand("a.tar ab.tar"), Is.EqualTo(new[] { "a.tar ab.tar" }), "spaces do not split");
    }

    [Test]
    public void Collapse_rejects_empty_lists()
        => Assert.Throws<ArgumentException>(() => BraceExpansion.Collapse([]));
}
