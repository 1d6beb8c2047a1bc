namespace Atdata;

/// <summary>
/// A dataset name is already taken by another entry (another CID) and the insert did not ask to overwrite it.
/// Two concurrent inserts under one name end with exactly one winner; the other gets this exception and its
/// shards are removed.
/// </summary>
public sealed class DatasetExistsException : AtdataException
{
    internal DatasetExistsException(string name, string existingCid)
        : base($"A dataset named '{name}' already exists (CID {existingCid}); pass Overwrite = true to point the name at the new entry.")
    {
        Name = name;
        ExistingCid = existingCid;
    }

    /// <summary>The dataset name.</summary>
    public string Name { get; }

    /// <summary>The CID the name currently refers to.</summary>
    public string ExistingCid { get; }
}
