using Atdata.Generators.Model;
using Atdata.Shared;

namespace Atdata.Generators.Helpers;

/// <summary>
/// Maps the serialization shape of a member to its schema field type, the same way for the build-time CID, the
/// generated <c>T.Schema</c> and <c>T.Fields</c>, and the schema lock.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><description><c>string</c> → primitive <c>str</c>; <c>bool</c> → <c>bool</c>; every integer type and enum → <c>int</c>;
/// <c>float</c>, <c>double</c>, <c>Half</c> → <c>float</c>; <c>byte[]</c>, <c>ReadOnlyMemory&lt;byte&gt;</c> → <c>bytes</c>.</description></item>
/// <item><description><c>NdArray&lt;T&gt;</c> → <c>ndarray</c> with the dtype of <c>T</c>; untyped <c>NdArray</c> → <c>ndarray</c> with
/// dtype <c>float32</c>, what Python writes for a bare <c>NDArray</c>.</description></item>
/// <item><description>Lists → <c>array</c> with <c>items</c>; dictionaries → <c>map</c> with <c>values</c> (this SDK's extension).
/// Element nullability has no place in a Python schema and is not recorded.</description></item>
/// </list>
/// </remarks>
internal static class SchemaShapes
{
    /// <summary>The dtype Python writes for a bare <c>NDArray</c>, used for untyped <c>NdArray</c> members.</summary>
    public const string UntypedDType = "float32";

    private const string FieldTypeFqn = "global::Atdata.SchemaFieldType";

    /// <summary>The <c>fieldType</c> map of a shape (its top-level nullability is the field's <c>optional</c>, not part of the type).</summary>
    public static OrderedMap FieldType(ValueShape shape)
    {
        if (shape.IsMap)
        {
            return SchemaDocument.Map(FieldType(shape.Element!));
        }

        if (shape.IsCollection)
        {
            return SchemaDocument.Array(FieldType(shape.Element!));
        }

        return shape.Kind switch
        {
            WireKind.NdArray or WireKind.NdArrayUntyped => SchemaDocument.NdArray(DType(shape)!),
            _ => SchemaDocument.Primitive(Primitive(shape.Kind)),
        };
    }

    /// <summary>A C# expression building the runtime <c>SchemaFieldType</c> of a shape.</summary>
    public static string FieldTypeExpression(ValueShape shape)
    {
        if (shape.IsMap)
        {
            return FieldTypeFqn + ".ForMap(" + FieldTypeExpression(shape.Element!) + ")";
        }

        if (shape.IsCollection)
        {
            return FieldTypeFqn + ".ForArray(" + FieldTypeExpression(shape.Element!) + ")";
        }

        return shape.Kind switch
        {
            WireKind.NdArray or WireKind.NdArrayUntyped => FieldTypeFqn + ".ForNdArray(\"" + DType(shape) + "\")",
            _ => FieldTypeFqn + "." + Primitive(shape.Kind) switch
            {
                "str" => "Str",
                "bool" => "Bool",
                "int" => "Int",
                "float" => "Float",
                _ => "Bytes",
            },
        };
    }

    /// <summary>The name of the runtime <c>FieldKind</c> member of a shape.</summary>
    public static string FieldKindName(ValueShape shape)
    {
        if (shape.IsMap)
        {
            return "Map";
        }

        if (shape.IsCollection)
        {
            return "Array";
        }

        return shape.Kind switch
        {
            WireKind.NdArray or WireKind.NdArrayUntyped => "NdArray",
            _ => Primitive(shape.Kind) switch
            {
                "str" => "String",
                "bool" => "Bool",
                "int" => "Int",
                "float" => "Float",
                _ => "Bytes",
            },
        };
    }

    /// <summary>The dtype of an array shape (<c>float32</c>, …), or <see langword="null"/> for other shapes.</summary>
    public static string? DType(ValueShape shape) => shape.Kind switch
    {
        WireKind.NdArrayUntyped => UntypedDType,
        WireKind.NdArray => shape.ArrayElementFqn switch
        {
            "bool" => "bool",
            "sbyte" => "int8",
            "byte" => "uint8",
            "short" => "int16",
            "ushort" => "uint16",
            "int" => "int32",
            "uint" => "uint32",
            "long" => "int64",
            "ulong" => "uint64",
            "float" => "float32",
            "double" => "float64",
            "global::System.Half" => "float16",
            "global::System.Numerics.Complex" => "complex128",
            _ => throw new InvalidOperationException("No dtype for the array element type " + shape.ArrayElementFqn),
        },
        _ => null,
    };

    /// <summary>
    /// The schema of a type: its fields' types as Python's JSON, and the CID of the record without
    /// <c>createdAt</c>, computed with the runtime's own (linked) DAG-CBOR and SHA-256 code.
    /// </summary>
    public static SchemaInfo Build(string lockKey, string name, string version, string? description, IReadOnlyList<FieldModel> fields)
    {
        var documents = new List<OrderedMap>(fields.Count);
        var infos = new List<SchemaFieldInfo>(fields.Count);
        foreach (var field in fields)
        {
            var fieldType = FieldType(field.Shape);
            documents.Add(SchemaDocument.Field(field.WireName, fieldType, field.Shape.IsNullable));
            infos.Add(new SchemaFieldInfo(field.WireName, PythonJson.Serialize(fieldType), field.Shape.IsNullable));
        }

        string cid = SchemaDocument.ComputeCid(SchemaDocument.Record(name, version, documents, description));
        return new SchemaInfo(lockKey, name, version, description, infos.ToEquatableArray(), cid);
    }

    private static string Primitive(WireKind kind) => kind switch
    {
        WireKind.String => "str",
        WireKind.Boolean => "bool",
        WireKind.Half or WireKind.Single or WireKind.Double => "float",
        WireKind.Binary or WireKind.BinaryMemory => "bytes",
        _ => "int",
    };
}
