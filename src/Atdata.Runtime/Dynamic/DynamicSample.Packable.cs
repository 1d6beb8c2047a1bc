using Atdata.Msgpack;

namespace Atdata;

// DynamicSample is usable wherever a packable sample type is expected, so Dataset<DynamicSample> reads any
// shard schema-free and ShardWriter writes it. The members are explicit: callers use the public Read/Write.
public sealed partial class DynamicSample : IPackable<DynamicSample>
{
    static string IPackable<DynamicSample>.SchemaName => nameof(DynamicSample);

    static void IPackable<DynamicSample>.Write(ref MsgpackWriter writer, DynamicSample value)
    {
        ArgumentNullException.ThrowIfNull(value);
        value.Write(ref writer);
    }

    static DynamicSample IPackable<DynamicSample>.Read(ref MsgpackReader reader) => Read(ref reader);

    static DynamicSample IPackable<DynamicSample>.FromDynamic(DynamicSample sample) => sample;
}
