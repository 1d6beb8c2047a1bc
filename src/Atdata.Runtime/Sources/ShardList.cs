namespace Atdata.Sources;

/// <summary>Copies and checks the shard list a source is built from.</summary>
internal static class ShardList
{
    public static string[] Create(IEnumerable<string> shards, Action<string> validate, string paramName)
    {
        ArgumentNullException.ThrowIfNull(shards, paramName);
        var list = shards.ToArray();
        foreach (var shard in list)
        {
            ArgumentNullException.ThrowIfNull(shard, paramName);
            validate(shard);
        }

        return list;
    }
}
