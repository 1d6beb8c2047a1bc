namespace Atdata.Cli.Diagnostics;

/// <summary>Describes the files of the embedded default or a SQLite index: the index file and the shard directory.</summary>
internal static class DiskProbe
{
    public static void ProbeIndexFile(string path, Check check)
    {
        check.Fact("indexFile", path);
        bool exists = File.Exists(path);
        check.Fact("indexFileExists", exists);
        check.Fact("indexFileBytes", exists ? new FileInfo(path).Length : null);
        if (!exists)
        {
            check.Warn("the index file does not exist yet: it is created on first use.");
        }
    }

    public static void ProbeDataDirectory(string root, Check check)
    {
        check.Fact("dataDirectory", root);
        bool exists = Directory.Exists(root);
        check.Fact("dataDirectoryExists", exists);
        if (!exists)
        {
            check.Fact("shardFiles", 0L);
            check.Fact("shardBytes", 0L);
            return;
        }

        long files = 0, bytes = 0;
        foreach (var file in new DirectoryInfo(root).EnumerateFiles("*.tar", SearchOption.AllDirectories))
        {
            files++;
            bytes += file.Length;
        }

        check.Fact("shardFiles", files);
        check.Fact("shardBytes", bytes);
    }
}
