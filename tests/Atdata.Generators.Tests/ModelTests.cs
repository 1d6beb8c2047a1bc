using System.Collections;
using System.Reflection;
using Atdata.Generators.Helpers;
using Atdata.Generators.Model;
using Atdata.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using NUnit.Framework;

namespace Atdata.Generators.Tests;

/// <summary>The model is pure data: equatable by value, and free of symbols, syntax and compilations.</summary>
[TestFixture]
public sealed class ModelTests
{
    private const string Source = """
        using System.Collections.Generic;
        using Atdata;
        namespace Lab;
        public enum Kind { A }
        public static partial class Outer
        {
            [Packable(Version = "1.2.3")]
            public partial record Sample(NdArray<float> Image, [Field("lbl")] string Label, Kind Kind)
            {
                public required List<string?> Tags { get; init; }
                public IReadOnlyDictionary<string, long>? Extra { get; init; }
                public double? Score { get; init; }
            }
        }
        """;

    private static readonly Type[] s_forbidden =
    [
        typeof(ISymbol), typeof(Compilation), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SemanticModel),
        typeof(Location), typeof(SyntaxToken), typeof(AttributeData), typeof(Diagnostic),
    ];

    private static PackableModel ModelOf(string source)
    {
        var (result, _) = TestCompilation.Run(source);
        var outputs = result.Results.Single().TrackedSteps[PackableGenerator.TrackingNames.Model].SelectMany(s => s.Outputs);
        return outputs.Select(o => o.Value).OfType<PackableModel>().Single();
    }

    [Test]
    public void Same_source_gives_equal_models_and_hashes()
    {
        var a = ModelOf(Source);
        var b = ModelOf(Source);
        Assert.That(ReferenceEquals(a, b), Is.False);
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
        Assert.That(a.Fields, Is.EqualTo(b.Fields));
        Assert.That(a.Hierarchy, Is.EqualTo(b.Hierarchy));
    }

    [TestCase("[Field(\"lbl\")]", "[Field(\"label2\")]", TestName = "Wire name change")]
    [TestCase("Kind Kind", "int Kind", TestName = "Field type change")]
    [TestCase("List<string?>", "List<string>", TestName = "Element nullability change")]
    [TestCase("1.2.3", "1.2.4", TestName = "Version change")]
    [TestCase("[Packable(Version = \"1.2.3\")]", "[Packable(Version = \"1.2.3\", Description = \"d\")]", TestName = "Description change")]
    [TestCase("[Field(\"lbl\")] string Label", "[Field(\"lbl\")] string Schema", TestName = "Member named like a generated property")]
    [TestCase("public partial record Sample", "public partial record struct Sample", TestName = "Record kind change")]
    [TestCase("public static partial class Outer", "public static partial class Outer2", TestName = "Containing type change")]
    [TestCase("public double? Score { get; init; }", "", TestName = "Field removed")]
    public void Semantically_different_source_gives_unequal_models(string from, string to)
    {
        var a = ModelOf(Source);
        var b = ModelOf(Source.Replace(from, to, StringComparison.Ordinal));
        Assert.That(a, Is.Not.EqualTo(b));
    }

    [Test]
    public void Model_records_have_value_equality()
    {
        var shape = new ValueShape(WireKind.Int32, "int", "int", NullableKind.None, false, null, null, null);
        Assert.That(new FieldModel("X", "x", shape, true), Is.EqualTo(new FieldModel("X", "x", shape with { }, true)));
        Assert.That(new FieldModel("X", "x", shape, true), Is.Not.EqualTo(new FieldModel("X", "y", shape, true)));
        Assert.That(new[] { 1, 2 }.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToEquatableArray(),
            Is.EqualTo(new[] { "1", "2" }.ToEquatableArray()));
        Assert.That(EquatableArray<string>.Empty, Is.EqualTo(Array.Empty<string>().ToEquatableArray()));
        Assert.That(new[] { "a" }.ToEquatableArray(), Is.Not.EqualTo(new[] { "b" }.ToEquatableArray()));
    }

    [Test]
    public void Model_graph_holds_no_symbols_syntax_or_compilations()
    {
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Walk(ModelOf(Source), "model", visited);
        Assert.That(visited, Has.Count.GreaterThan(10), "the walk reached the nested records");
    }

    [Test]
    public void Model_types_declare_no_forbidden_members()
    {
        var seen = new HashSet<Type>();
        WalkType(typeof(PackableModel), seen);
        Assert.That(seen, Does.Contain(typeof(ValueShape)).And.Contain(typeof(FieldModel)).And.Contain(typeof(ContainingTypeModel)));
    }

    private static void Walk(object? value, string path, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }

        foreach (var forbidden in s_forbidden)
        {
            Assert.That(forbidden.IsInstanceOfType(value), Is.False, $"{path} is a {forbidden.Name}");
        }

        if (!value.GetType().IsValueType && !visited.Add(value))
        {
            return;
        }

        if (value is IEnumerable sequence)
        {
            int i = 0;
            foreach (var item in sequence)
            {
                Walk(item, $"{path}[{i++}]", visited);
            }

            return;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0)
            {
                Walk(property.GetValue(value), path + "." + property.Name, visited);
            }
        }
    }

    private static void WalkType(Type type, HashSet<Type> seen)
    {
        if (type == typeof(string) || type.IsPrimitive || type.IsEnum || !seen.Add(type))
        {
            return;
        }

        foreach (var forbidden in s_forbidden)
        {
            Assert.That(forbidden.IsAssignableFrom(type), Is.False, $"{type.Name} is a {forbidden.Name}");
        }

        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                WalkType(argument, seen);
            }
        }

        if (type.Namespace?.StartsWith("Atdata.Generators", StringComparison.Ordinal) != true)
        {
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (property.GetIndexParameters().Length == 0)
            {
                WalkType(propertyType, seen);
            }
        }
    }
}
