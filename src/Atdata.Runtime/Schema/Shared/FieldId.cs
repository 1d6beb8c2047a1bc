namespace Atdata.Shared;

/// <summary>
/// The stable 32-bit identifier of a field: FNV-1a over the UTF-8 bytes of its wire name.
/// </summary>
/// <remarks>
/// The runtime and the source generator compile this same file (the generator links it), so an ID computed at
/// build time always equals the one the runtime computes. The ID depends on the wire name only: reordering or
/// renaming members keeps it as long as the wire name stays.
/// </remarks>
internal static class FieldId
{
    /// <summary>The 32-bit FNV offset basis.</summary>
    public const uint OffsetBasis = 2166136261;

    /// <summary>The 32-bit FNV prime.</summary>
    public const uint Prime = 16777619;

    /// <summary>Computes the field ID of <paramref name="wireName"/>.</summary>
    /// <exception cref="ArgumentException">The name holds an unpaired surrogate.</exception>
    public static uint Compute(string wireName) => Compute(StrictUtf8.GetBytes(wireName));

    /// <summary>Computes FNV-1a over already encoded UTF-8 bytes.</summary>
    public static uint Compute(byte[] utf8WireName)
    {
        uint hash = OffsetBasis;
        for (int i = 0; i < utf8WireName.Length; i++)
        {
            hash = unchecked((hash ^ utf8WireName[i]) * Prime);
        }

        return hash;
    }
}
