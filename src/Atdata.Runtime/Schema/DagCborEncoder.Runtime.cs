namespace Atdata.Shared;

/// <summary>The runtime's additions to the shared DAG-CBOR encoder (types the netstandard2.0 generator does not have).</summary>
internal sealed partial class DagCborEncoder
{
    partial void WriteOther(object value, ref bool handled)
    {
        handled = true;
        switch (value)
        {
            case Half half:
                WriteFloat((double)half);
                break;
            case ReadOnlyMemory<byte> memory:
                WriteBytes(memory.ToArray());
                break;
            case Memory<byte> memory:
                WriteBytes(memory.ToArray());
                break;
            case NdArray array:
                // A sample's array field is the compact payload bytes on the wire, as in Python's decoded dict.
                WriteBytes(array.ToPayload());
                break;
            case Cid cid:
                WriteLink(cid.IsEmpty ? throw new ArgumentException("The default Cid cannot be encoded.", nameof(value)) : cid.ToBytes());
                break;
            case SchemaRecord record:
                WriteValue(record.ToDocument());
                break;
            case SchemaField field:
                WriteValue(field.ToDocument());
                break;
            case SchemaFieldType fieldType:
                WriteValue(fieldType.ToDocument());
                break;
            default:
                handled = false;
                break;
        }
    }
}
