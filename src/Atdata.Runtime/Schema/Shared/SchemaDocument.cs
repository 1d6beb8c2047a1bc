using System.Globalization;
using System.Text;

namespace Atdata.Shared;

/// <summary>
/// Builds a schema record as the ordered map Python's <c>publish_schema</c> stores, and turns it into its exact
/// <c>json.dumps</c> text and its CID.
/// </summary>
/// <remarks>
/// <para>
/// Key order: <c>name</c>, <c>version</c>, <c>fields</c> (each <c>name</c>, <c>fieldType</c>, <c>optional</c>),
/// <c>description</c>, then <c>createdAt</c> and <c>$ref</c> when given. A field type starts with
/// <c>$type</c> = <c>local#</c> + kind, then <c>primitive</c>, <c>dtype</c>, <c>items</c> or <c>values</c>.
/// </para>
/// <para>
/// The generator links this file and computes <c>T.SchemaCid</c> as
/// <c>ComputeCid(Record(name, version, fields, description))</c>: the record without <c>createdAt</c> and
/// <c>$ref</c>, so it depends only on the wire shape, the version and the description. The runtime builds
/// <c>SchemaRecord</c> trees with the same methods, so both produce the same bytes.
/// </para>
/// </remarks>
internal static class SchemaDocument
{
    /// <summary>The prefix of every <c>$type</c> in a local record.</summary>
    public const string TypePrefix = "local#";

    /// <summary>The kind of <c>str</c>/<c>int</c>/<c>float</c>/<c>bool</c>/<c>bytes</c> fields.</summary>
    public const string PrimitiveKind = "primitive";

    /// <summary>The kind of array (NDArray) fields.</summary>
    public const string NdArrayKind = "ndarray";

    /// <summary>The kind of list fields.</summary>
    public const string ArrayKind = "array";

    /// <summary>The kind of a reference to another schema (readers know it; rebuilding it is unsupported).</summary>
    public const string RefKind = "ref";

    /// <summary>
    /// The kind of string-keyed dictionary fields: an Atdata for .NET extension (<c>{"$type": "local#map",
    /// "values": …}</c>). Python atdata has no such kind and cannot rebuild a type that uses it.
    /// </summary>
    public const string MapKind = "map";

    /// <summary>
    /// The record map. <paramref name="createdAt"/> (Python <c>datetime.isoformat()</c> text, see
    /// <see cref="FormatTimestamp"/>) and <paramref name="schemaRef"/> (the <c>$ref</c> <c>get_schema</c> adds)
    /// are written only when not <see langword="null"/>; <c>description</c> is always written (JSON null when absent).
    /// </summary>
    public static OrderedMap Record(string name, string version, IEnumerable<OrderedMap> fields, string? description, string? createdAt = null, string? schemaRef = null)
    {
        var record = new OrderedMap
        {
            { "name", name },
            { "version", version },
            { "fields", new List<object?>(fields) },
            { "description", description },
        };
        if (createdAt is not null)
        {
            record.Add("createdAt", createdAt);
        }

        if (schemaRef is not null)
        {
            record.Add("$ref", schemaRef);
        }

        return record;
    }

    /// <summary>One entry of <c>fields</c>.</summary>
    public static OrderedMap Field(string name, OrderedMap fieldType, bool optional) => new()
    {
        { "name", name },
        { "fieldType", fieldType },
        { "optional", optional },
    };

    /// <summary>A primitive field type: <paramref name="primitive"/> is <c>str</c>, <c>int</c>, <c>float</c>, <c>bool</c> or <c>bytes</c>.</summary>
    public static OrderedMap Primitive(string primitive)
    {
        var type = Kind(PrimitiveKind);
        type.Add("primitive", primitive);
        return type;
    }

    /// <summary>An NDArray field type with its dtype name (<c>float32</c>, <c>int64</c>, …).</summary>
    public static OrderedMap NdArray(string dtype)
    {
        var type = Kind(NdArrayKind);
        type.Add("dtype", dtype);
        return type;
    }

    /// <summary>A list field type.</summary>
    public static OrderedMap Array(OrderedMap items)
    {
        var type = Kind(ArrayKind);
        type.Add("items", items);
        return type;
    }

    /// <summary>A string-keyed dictionary field type (<see cref="MapKind"/>) with its value type.</summary>
    public static OrderedMap Map(OrderedMap values)
    {
        var type = Kind(MapKind);
        type.Add("values", values);
        return type;
    }

    /// <summary>A field type holding only <c>$type</c> (<c>local#</c> + <paramref name="kind"/>); callers may append keys.</summary>
    public static OrderedMap Kind(string kind) => new() { { "$type", TypePrefix + kind } };

    /// <summary>The record as Python's <c>json.dumps</c> writes it.</summary>
    public static string ToJson(OrderedMap record) => PythonJson.Serialize(record);

    /// <summary>The record's DAG-CBOR block.</summary>
    public static byte[] ToDagCbor(OrderedMap record) => DagCborEncoder.Encode(record);

    /// <summary>The record's CID text, as <c>atdata.generate_cid(record)</c> returns it.</summary>
    public static string ComputeCid(OrderedMap record) => CidCodec.Compute(ToDagCbor(record));

    /// <summary>
    /// Formats a timestamp as Python's <c>datetime.isoformat()</c> does for an aware datetime:
    /// <c>2026-01-20T23:08:08.123456+00:00</c>, the fraction (microseconds) omitted when zero. Ticks below a
    /// microsecond are dropped.
    /// </summary>
    public static string FormatTimestamp(DateTimeOffset value)
    {
        var text = new StringBuilder(32);
        text.Append(value.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture));
        long microseconds = value.Ticks % TimeSpan.TicksPerSecond / 10;
        if (microseconds != 0)
        {
            text.Append('.').Append(microseconds.ToString("D6", CultureInfo.InvariantCulture));
        }

        TimeSpan offset = value.Offset;
        text.Append(offset < TimeSpan.Zero ? '-' : '+');
        offset = offset.Duration();
        text.Append(offset.Hours.ToString("D2", CultureInfo.InvariantCulture))
            .Append(':')
            .Append(offset.Minutes.ToString("D2", CultureInfo.InvariantCulture));
        return text.ToString();
    }
}
