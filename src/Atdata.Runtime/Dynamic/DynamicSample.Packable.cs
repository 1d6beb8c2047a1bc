using Atdata.Msgpack;

namespace Atdata;

// DynamicSample is usable wherever a packable sample type is expected, so Dataset<DynamicSample> reads any
// shard schema-free and ShardWriter writes it. The members are explicit: callers use the public Read/Write.
public sealed partial class DynamicSample : IPackable<DynamicSample>
{
    // A schema-free sample declares no fields: its schema is an empty record, so code that publishes or
    // compares schemas sees it as such rather than guessing one from a particular sample's keys.
    private static readonly SchemaRecord s_schema = new(nameof(DynamicSample), "1.0.0", []);
    private static readonly string s_schemaCid = s_schema.ComputeStableCid().ToString();

    static string IPackable<DynamicSample>.SchemaName => nameof(DynamicSample);

    static SchemaRecord IPackable<DynamicSample>.Schema => s_schema;

    static IReadOnlyList<FieldDescriptor> IPackable<DynamicSample>.Fields => [];

    static string IPackable<DynamicSample>.SchemaCid => s_schemaCid;

    static void IPackable<DynamicSample>.Write(ref MsgpackWriter writer, DynamicSample value)
    {
        ArgumentNullException.ThrowIfNull(value);
        value.Write(ref writer);
    }

    static DynamicSample IPackable<DynamicSample>.Read(ref MsgpackReader reader) => Read(ref reader);

    static DynamicSample IPackable<DynamicSample>.FromDynamic(DynamicSample sample) => sample;
}
