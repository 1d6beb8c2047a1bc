using NUnit.Framework;

namespace Atdata.Runtime.Tests.Infrastructure;

/// <summary>Structural comparison of <see cref="DynamicSample"/> values, kinds included (a long is not a double).</summary>
internal static class DynamicAssert
{
    public static void AreEqual(object? expected, object? actual, string path = "$")
    {
        switch (expected)
        {
            case null:
                Assert.That(actual, Is.Null, path);
                break;
            case DynamicSample e:
                Assert.That(actual, Is.InstanceOf<DynamicSample>(), path);
                var a = (DynamicSample)actual!;
                Assert.That(a.Keys, Is.EqualTo(e.Keys), $"{path}: keys (in order)");
                foreach (var key in e.Keys)
                {
                    AreEqual(e[key], a[key], $"{path}.{key}");
                }

                break;
            case byte[] bytes:
                Assert.That(actual, Is.InstanceOf<byte[]>(), path);
                Assert.That(Convert.ToHexString((byte[])actual!), Is.EqualTo(Convert.ToHexString(bytes)), path);
                break;
            case IReadOnlyList<object?> list:
                Assert.That(actual, Is.InstanceOf<IReadOnlyList<object?>>(), path);
                var actualList = (IReadOnlyList<object?>)actual!;
                Assert.That(actualList, Has.Count.EqualTo(list.Count), path);
                for (int i = 0; i < list.Count; i++)
                {
                    AreEqual(list[i], actualList[i], $"{path}[{i}]");
                }

                break;
            default:
                Assert.That(actual?.GetType(), Is.EqualTo(expected.GetType()), $"{path}: kind");
                Assert.That(actual, Is.EqualTo(expected), path);
                break;
        }
    }
}
