namespace Atdata;

/// <summary>No dataset entry has the requested name or CID.</summary>
public sealed class DatasetNotFoundException : AtdataException
{
    internal DatasetNotFoundException(string nameOrCid, bool isCid)
        : base(isCid ? $"No dataset entry has CID '{nameOrCid}'." : $"No dataset entry is named '{nameOrCid}'.")
    {
        NameOrCid = nameOrCid;
        IsCid = isCid;
    }

    /// <summary>The name or CID looked up.</summary>
    public string NameOrCid { get; }

    /// <summary>Whether <see cref="NameOrCid"/> is a CID (otherwise a name).</summary>
    public bool IsCid { get; }
}
