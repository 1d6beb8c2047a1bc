using System.Reflection;

namespace Atdata.Docs.Tests;

/// <summary>Paths in the repository, from the directory recorded at build time.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "AtdataRepoRoot").Value!;

    /// <summary>The README and every page under docs/ (diagnostics pages included), relative to the root, sorted.</summary>
    public static IEnumerable<string> MarkdownPages()
    {
        yield return "README.md";
        foreach (string path in Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories)
                     .Select(p => Path.GetRelativePath(Root, p).Replace('\\', '/'))
                     .Order(StringComparer.Ordinal))
        {
            yield return path;
        }
    }

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));
}
