using Atdata.Msgpack;

namespace Atdata;

/// <summary>
/// A sample type with a compile-time serializer. The Atdata source generator implements this for every
/// <see cref="PackableAttribute"/> type; the runtime is generic over <c>T : IPackable&lt;T&gt;</c>, so no API
/// takes a <see cref="Type"/> or uses reflection, and everything works under NativeAOT.
/// </summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface IPackable<TSelf>
    where TSelf : IPackable<TSelf>
{
    /// <summary>The schema name: the type name as declared.</summary>
    public static abstract string SchemaName { get; }

    /// <summary>Writes <paramref name="value"/> as one msgpack map, keys in declaration order.</summary>
    public static abstract void Write(ref MsgpackWriter writer, TSelf value);

    /// <summary>Reads one msgpack map (unknown keys are skipped) and builds the sample.</summary>
    /// <exception cref="SampleFormatException">The map is malformed, lacks a required field or has a wrong value type.</exception>
    public static abstract TSelf Read(ref MsgpackReader reader);

    /// <summary>Builds the sample from a schema-free <see cref="DynamicSample"/> (Python's <c>from_data</c>).</summary>
    /// <exception cref="SampleFormatException">A required field is missing or a value has the wrong type.</exception>
    public static abstract TSelf FromDynamic(DynamicSample sample);
}
