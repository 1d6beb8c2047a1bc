using System.Reflection;

namespace Atdata.Cli.Tests.Infrastructure;

/// <summary>The shared interop vectors (<c>../shared/vectors</c> beside the repository), found as Atdata.Runtime.Tests finds them.</summary>
internal static class TestVectors
{
    public static string Directory { get; } = Locate();

    public static string PathOf(string fileName) => System.IO.Path.Combine(Directory, fileName);

    /// <summary>The shard Python atdata wrote (3 samples: id, name, value).</summary>
    public static string PythonFixtureShard => PathOf("python_fixture_test_samples.tar");

    private static string Locate()
    {
        var configured = typeof(TestVectors).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AtdataVectorsDir")?.Value;
        if (configured is not null && System.IO.Directory.Exists(configured))
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "vectors");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("The shared test vectors (../shared/vectors beside the repository) were not found.");
    }
}
