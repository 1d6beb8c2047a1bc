using Atdata.Generators.Helpers;
using NUnit.Framework;

namespace Atdata.Generators.Tests;

/// <summary>The documented snake_case rule and the Python identifier check.</summary>
[TestFixture]
public sealed class WireNameTests
{
    [TestCase("Image", "image")]
    [TestCase("ImageUrl", "image_url")]
    [TestCase("label", "label")]
    [TestCase("HTTPCode", "http_code")]
    [TestCase("Layer2Norm", "layer2_norm")]
    [TestCase("Vec3", "vec3")]
    [TestCase("ID", "id")]
    [TestCase("UserID", "user_id")]
    [TestCase("IOStream", "io_stream")]
    [TestCase("already_snake", "already_snake")]
    [TestCase("Image_URL", "image_url")]
    [TestCase("_private", "_private")]
    [TestCase("camelCase", "camel_case")]
    [TestCase("X", "x")]
    [TestCase("AI8", "ai8")]
    [TestCase("ABool", "a_bool")]
    public void Snake_case(string name, string expected)
        => Assert.That(WireNames.ToSnakeCase(name), Is.EqualTo(expected));

    [TestCase("image", true)]
    [TestCase("_x1", true)]
    [TestCase("match", true)]
    [TestCase("type", true)]
    [TestCase("", false)]
    [TestCase("1x", false)]
    [TestCase("has-dash", false)]
    [TestCase("größe", false)]
    [TestCase("class", false)]
    [TestCase("None", false)]
    [TestCase("lambda", false)]
    [TestCase("async", false)]
    public void Python_identifier(string name, bool valid)
        => Assert.That(WireNames.IsValidPythonIdentifier(name), Is.EqualTo(valid));
}
