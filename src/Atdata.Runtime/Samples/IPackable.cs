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

    /// <summary>
    /// The schema record of the type as Python atdata would store it, without <c>createdAt</c> (the CID-stable form):
    /// name, version, fields in wire order and description. Set <see cref="SchemaRecord.CreatedAt"/> with <c>with</c>
    /// to publish it.
    /// </summary>
    public static abstract SchemaRecord Schema { get; }

    /// <summary>The serialized fields in wire order, with their stable field IDs.</summary>
    public static abstract IReadOnlyList<FieldDescriptor> Fields { get; }

    /// <summary>
    /// The CID of <see cref="Schema"/> (<c>bafyrei…</c>), computed by the source generator at build time; equal to
    /// <c>Schema.ComputeStableCid().ToString()</c>. It changes when the name, version, description or wire shape
    /// changes, and only then.
    /// </summary>
    public static abstract string SchemaCid { get; }

    /// <summary>Writes <paramref name="value"/> as one msgpack map, keys in declaration order.</summary>
    public static abstract void Write(ref MsgpackWriter writer, TSelf value);

    /// <summary>Reads one msgpack map (unknown keys are skipped) and builds the sample.</summary>
    /// <exception cref="SampleFormatException">The map is malformed, lacks a required field or has a wrong value type.</exception>
    public static abstract TSelf Read(ref MsgpackReader reader);

    /// <summary>Builds the sample from a schema-free <see cref="DynamicSample"/> (Python's <c>from_data</c>).</summary>
    /// <exception cref="SampleFormatException">A required field is missing or a value has the wrong type.</exception>
    public static abstract TSelf FromDynamic(DynamicSample sample);
}
