using System.Globalization;
using System.Text.Json;
using Atdata.Shared;

namespace Atdata;

/// <summary>
/// The type of one schema field (<c>fieldType</c> in a schema record): a primitive, an NDArray with a dtype, a
/// list of another field type, a string-keyed map (an Atdata for .NET extension), a reference, or one of atdata
/// v0.7's opaque kinds. Immutable, with value equality.
/// </summary>
/// <remarks>
/// Written as <c>{"$type": "local#&lt;kind&gt;", …}</c> with the kind's keys after <c>$type</c> (<c>primitive</c>;
/// <c>dtype</c>, <c>shape</c>, <c>dimensionNames</c>; <c>items</c>; <c>values</c>; <c>ref</c>). When reading, keys this SDK
/// does not know are ignored, so a record that carries them is not rewritten byte for byte.
/// </remarks>
public sealed class SchemaFieldType : IEquatable<SchemaFieldType>
{
    /// <summary>How deeply <c>array</c> types may nest when read.</summary>
    internal const int MaxNesting = 32;

    private static readonly SchemaFieldType s_str = new(SchemaFieldKind.Primitive, SchemaDocument.PrimitiveKind, primitive: SchemaPrimitive.Str);
    private static readonly SchemaFieldType s_int = new(SchemaFieldKind.Primitive, SchemaDocument.PrimitiveKind, primitive: SchemaPrimitive.Int);
    private static readonly SchemaFieldType s_float = new(SchemaFieldKind.Primitive, SchemaDocument.PrimitiveKind, primitive: SchemaPrimitive.Float);
    private static readonly SchemaFieldType s_bool = new(SchemaFieldKind.Primitive, SchemaDocument.PrimitiveKind, primitive: SchemaPrimitive.Bool);
    private static readonly SchemaFieldType s_bytes = new(SchemaFieldKind.Primitive, SchemaDocument.PrimitiveKind, primitive: SchemaPrimitive.Bytes);

    private readonly long?[]? _shape;
    private readonly string[]? _dimensionNames;

    private SchemaFieldType(
        SchemaFieldKind kind,
        string kindName,
        SchemaPrimitive? primitive = null,
        string? dtype = null,
        long?[]? shape = null,
        string[]? dimensionNames = null,
        SchemaFieldType? items = null,
        string? reference = null,
        SchemaFieldType? values = null)
    {
        Kind = kind;
        KindName = kindName;
        Primitive = primitive;
        DType = dtype;
        _shape = shape;
        _dimensionNames = dimensionNames;
        Items = items;
        Values = values;
        Reference = reference;
    }

    /// <summary>The <c>str</c> primitive.</summary>
    public static SchemaFieldType Str => s_str;

    /// <summary>The <c>int</c> primitive.</summary>
    public static SchemaFieldType Int => s_int;

    /// <summary>The <c>float</c> primitive.</summary>
    public static SchemaFieldType Float => s_float;

    /// <summary>The <c>bool</c> primitive.</summary>
    public static SchemaFieldType Bool => s_bool;

    /// <summary>The <c>bytes</c> primitive.</summary>
    public static SchemaFieldType Bytes => s_bytes;

    /// <summary>The kind.</summary>
    public SchemaFieldKind Kind { get; }

    /// <summary>The kind as written after <c>local#</c> (<c>primitive</c>, <c>ndarray</c>, …, or an unknown kind's own name).</summary>
    public string KindName { get; }

    /// <summary>The primitive, for <see cref="SchemaFieldKind.Primitive"/>.</summary>
    public SchemaPrimitive? Primitive { get; }

    /// <summary>The dtype name (<c>float32</c>, <c>int64</c>, …) of an NDArray, when given. Python treats it as descriptive only.</summary>
    public string? DType { get; }

    /// <summary>The NDArray shape (<see langword="null"/> entries are free dimensions), when given (atmosphere records only).</summary>
    public IReadOnlyList<long?>? Shape => _shape;

    /// <summary>The NDArray dimension names, when given (atmosphere records only).</summary>
    public IReadOnlyList<string>? DimensionNames => _dimensionNames;

    /// <summary>The item type, for <see cref="SchemaFieldKind.Array"/>.</summary>
    public SchemaFieldType? Items { get; }

    /// <summary>The value type, for <see cref="SchemaFieldKind.Map"/>.</summary>
    public SchemaFieldType? Values { get; }

    /// <summary>The referenced schema URI, for <see cref="SchemaFieldKind.Ref"/>.</summary>
    public string? Reference { get; }

    /// <summary>The field type of a primitive.</summary>
    public static SchemaFieldType ForPrimitive(SchemaPrimitive primitive) => primitive switch
    {
        SchemaPrimitive.Str => s_str,
        SchemaPrimitive.Int => s_int,
        SchemaPrimitive.Float => s_float,
        SchemaPrimitive.Bool => s_bool,
        SchemaPrimitive.Bytes => s_bytes,
        _ => throw new ArgumentOutOfRangeException(nameof(primitive)),
    };

    /// <summary>
    /// An NDArray field type. Python writes <c>float32</c> for a bare <c>NDArray</c>; <paramref name="dtype"/>
    /// <see langword="null"/> omits the key. <paramref name="shape"/> and <paramref name="dimensionNames"/> are
    /// written only when given.
    /// </summary>
    /// <exception cref="ArgumentException">The dtype is empty, a dimension is negative, or a dimension name is null.</exception>
    public static SchemaFieldType ForNdArray(string? dtype = "float32", IEnumerable<long?>? shape = null, IEnumerable<string>? dimensionNames = null)
    {
        if (dtype is { Length: 0 })
        {
            throw new ArgumentException("The dtype must not be empty.", nameof(dtype));
        }

        long?[]? shapeArray = shape?.ToArray();
        if (shapeArray is not null && shapeArray.Any(d => d < 0))
        {
            throw new ArgumentException("A dimension cannot be negative.", nameof(shape));
        }

        string[]? names = dimensionNames?.ToArray();
        if (names is not null && names.Any(n => n is null))
        {
            throw new ArgumentException("A dimension name cannot be null.", nameof(dimensionNames));
        }

        return new(SchemaFieldKind.NdArray, SchemaDocument.NdArrayKind, dtype: dtype, shape: shapeArray, dimensionNames: names);
    }

    /// <summary>A list field type (<c>local#array</c>) with items of <paramref name="items"/>.</summary>
    public static SchemaFieldType ForArray(SchemaFieldType items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new(SchemaFieldKind.Array, SchemaDocument.ArrayKind, items: items);
    }

    /// <summary>
    /// A string-keyed dictionary field type (<c>{"$type": "local#map", "values": …}</c>) with values of
    /// <paramref name="values"/>: what the source generator writes for <c>Dictionary&lt;string, T&gt;</c> and
    /// <c>IReadOnlyDictionary&lt;string, T&gt;</c>. An Atdata for .NET extension: Python atdata has no such kind.
    /// </summary>
    public static SchemaFieldType ForMap(SchemaFieldType values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(SchemaFieldKind.Map, SchemaDocument.MapKind, values: values);
    }

    /// <summary>A reference to another schema (<c>local#ref</c>).</summary>
    /// <exception cref="ArgumentException">The URI is empty.</exception>
    public static SchemaFieldType ForRef(string uri)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        return new(SchemaFieldKind.Ref, SchemaDocument.RefKind, reference: uri);
    }

    /// <summary>
    /// A field type of a kind that carries no further keys here: the v0.7 kinds (<c>dataframe</c>, <c>sparse</c>,
    /// <c>structured</c>, <c>arrow_tensor</c>, <c>safetensors</c>) or an unknown one, written as <c>{"$type": "local#kind"}</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty, holds <c>#</c>, or is <c>primitive</c>, <c>ndarray</c>, <c>array</c>, <c>map</c> or <c>ref</c> (use their own factories).</exception>
    public static SchemaFieldType ForKind(string kindName)
    {
        ArgumentException.ThrowIfNullOrEmpty(kindName);
        var kind = KindOf(kindName);
        if (kind is SchemaFieldKind.Primitive or SchemaFieldKind.NdArray or SchemaFieldKind.Array or SchemaFieldKind.Map or SchemaFieldKind.Ref || kindName.Contains('#', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Use the factory of kind '{kindName}', which has required keys.", nameof(kindName));
        }

        return new(kind, kindName);
    }

    /// <summary>The type in Python's terms: <c>str</c>, <c>ndarray[float32]</c>, <c>list[str]</c>, <c>dict[str, int]</c>, <c>ref(uri)</c>, <c>dataframe</c>.</summary>
    public override string ToString() => Kind switch
    {
        SchemaFieldKind.Primitive => PrimitiveName(Primitive!.Value),
        SchemaFieldKind.NdArray => DType is null ? "ndarray" : $"ndarray[{DType}]",
        SchemaFieldKind.Array => $"list[{Items}]",
        SchemaFieldKind.Map => $"dict[str, {Values}]",
        SchemaFieldKind.Ref => $"ref({Reference})",
        _ => KindName,
    };

    /// <inheritdoc/>
    public bool Equals(SchemaFieldType? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return other is not null
            && Kind == other.Kind
            && string.Equals(KindName, other.KindName, StringComparison.Ordinal)
            && Primitive == other.Primitive
            && string.Equals(DType, other.DType, StringComparison.Ordinal)
            && SequenceEquals(_shape, other._shape)
            && SequenceEquals(_dimensionNames, other._dimensionNames)
            && Equals(Items, other.Items)
            && Equals(Values, other.Values)
            && string.Equals(Reference, other.Reference, StringComparison.Ordinal);
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SchemaFieldType);

    /// <inheritdoc/>
    public override int GetHashCode()
        => HashCode.Combine(Kind, KindName, Primitive, DType, _shape?.Length, _dimensionNames?.Length, HashCode.Combine(Items, Values), Reference);

    /// <summary>Whether two field types are equal.</summary>
    public static bool operator ==(SchemaFieldType? left, SchemaFieldType? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two field types differ.</summary>
    public static bool operator !=(SchemaFieldType? left, SchemaFieldType? right) => !(left == right);

    /// <summary>Python's name of a primitive.</summary>
    internal static string PrimitiveName(SchemaPrimitive primitive) => primitive switch
    {
        SchemaPrimitive.Str => "str",
        SchemaPrimitive.Int => "int",
        SchemaPrimitive.Float => "float",
        SchemaPrimitive.Bool => "bool",
        SchemaPrimitive.Bytes => "bytes",
        _ => throw new ArgumentOutOfRangeException(nameof(primitive)),
    };

    /// <summary>The ordered map Python stores for this field type.</summary>
    internal OrderedMap ToDocument()
    {
        switch (Kind)
        {
            case SchemaFieldKind.Primitive:
                return SchemaDocument.Primitive(PrimitiveName(Primitive!.Value));
            case SchemaFieldKind.Array:
                return SchemaDocument.Array(Items!.ToDocument());
            case SchemaFieldKind.Map:
                return SchemaDocument.Map(Values!.ToDocument());
            case SchemaFieldKind.Ref:
                var reference = SchemaDocument.Kind(KindName);
                reference.Add("ref", Reference);
                return reference;
            case SchemaFieldKind.NdArray:
                var array = SchemaDocument.Kind(KindName);
                if (DType is not null)
                {
                    array.Add("dtype", DType);
                }

                if (_shape is not null)
                {
                    array.Add("shape", _shape.Select(d => (object?)d).ToList());
                }

                if (_dimensionNames is not null)
                {
                    array.Add("dimensionNames", _dimensionNames.ToList<object?>());
                }

                return array;
            default:
                return SchemaDocument.Kind(KindName);
        }
    }

    /// <summary>Reads a <c>fieldType</c> object.</summary>
    /// <exception cref="SchemaFormatException">The object is not a field type this SDK can read.</exception>
    internal static SchemaFieldType FromJson(JsonElement element, string path, int depth)
    {
        if (depth > MaxNesting)
        {
            throw new SchemaFormatException($"Field types nest more than {MaxNesting} levels deep", path);
        }

        SchemaJson.RequireObject(element, path);
        string kindName;
        if (SchemaJson.TryGetLast(element, "$type", out var typeElement))
        {
            string type = SchemaJson.RequireString(typeElement, path + ".$type");
            kindName = type[(type.LastIndexOf('#') + 1)..];
        }
        else if (SchemaJson.TryGetLast(element, "kind", out var kindElement))
        {
            kindName = SchemaJson.RequireString(kindElement, path + ".kind");
        }
        else
        {
            throw new SchemaFormatException("A field type has neither '$type' nor 'kind'", path);
        }

        var kind = KindOf(kindName);
        switch (kind)
        {
            case SchemaFieldKind.Primitive:
                string primitive = SchemaJson.RequireString(SchemaJson.Require(element, "primitive", path), path + ".primitive");
                return ForPrimitive(PrimitiveOf(primitive) ?? throw new SchemaFormatException($"Unknown primitive '{primitive}' (expected str, int, float, bool or bytes)", path + ".primitive"));
            case SchemaFieldKind.Array:
                return ForArray(FromJson(SchemaJson.Require(element, "items", path), path + ".items", depth + 1));
            case SchemaFieldKind.Map:
                return ForMap(FromJson(SchemaJson.Require(element, "values", path), path + ".values", depth + 1));
            case SchemaFieldKind.Ref:
                string uri = SchemaJson.RequireString(SchemaJson.Require(element, "ref", path), path + ".ref");
                return uri.Length > 0 ? ForRef(uri) : throw new SchemaFormatException("A ref field type has an empty 'ref'", path + ".ref");
            case SchemaFieldKind.NdArray:
                return ReadNdArray(element, path);
            default:
                return kindName.Length > 0 ? new(kind, kindName) : throw new SchemaFormatException("A field type has an empty kind", path);
        }
    }

    private static SchemaFieldType ReadNdArray(JsonElement element, string path)
    {
        string? dtype = null;
        if (SchemaJson.TryGetLast(element, "dtype", out var dtypeElement) && dtypeElement.ValueKind != JsonValueKind.Null)
        {
            dtype = SchemaJson.RequireString(dtypeElement, path + ".dtype");
            if (dtype.Length == 0)
            {
                throw new SchemaFormatException("An ndarray field type has an empty dtype", path + ".dtype");
            }
        }

        long?[]? shape = null;
        if (SchemaJson.TryGetLast(element, "shape", out var shapeElement) && shapeElement.ValueKind != JsonValueKind.Null)
        {
            string shapePath = path + ".shape";
            shape = SchemaJson.RequireArray(shapeElement, shapePath).EnumerateArray().Select((d, i) =>
                d.ValueKind == JsonValueKind.Null ? (long?)null
                : d.ValueKind == JsonValueKind.Number && d.TryGetInt64(out long n) && n >= 0 ? n
                : throw new SchemaFormatException("A dimension must be a non-negative integer or null", string.Create(CultureInfo.InvariantCulture, $"{shapePath}[{i}]"))).ToArray();
        }

        string[]? names = null;
        if (SchemaJson.TryGetLast(element, "dimensionNames", out var namesElement) && namesElement.ValueKind != JsonValueKind.Null)
        {
            string namesPath = path + ".dimensionNames";
            names = SchemaJson.RequireArray(namesElement, namesPath).EnumerateArray()
                .Select((n, i) => SchemaJson.RequireString(n, string.Create(CultureInfo.InvariantCulture, $"{namesPath}[{i}]"))).ToArray();
        }

        return new(SchemaFieldKind.NdArray, SchemaDocument.NdArrayKind, dtype: dtype, shape: shape, dimensionNames: names);
    }

    private static SchemaPrimitive? PrimitiveOf(string name) => name switch
    {
        "str" => SchemaPrimitive.Str,
        "int" => SchemaPrimitive.Int,
        "float" => SchemaPrimitive.Float,
        "bool" => SchemaPrimitive.Bool,
        "bytes" => SchemaPrimitive.Bytes,
        _ => null,
    };

    private static SchemaFieldKind KindOf(string name) => name switch
    {
        SchemaDocument.PrimitiveKind => SchemaFieldKind.Primitive,
        SchemaDocument.NdArrayKind => SchemaFieldKind.NdArray,
        SchemaDocument.ArrayKind => SchemaFieldKind.Array,
        SchemaDocument.RefKind => SchemaFieldKind.Ref,
        SchemaDocument.MapKind => SchemaFieldKind.Map,
        "dataframe" => SchemaFieldKind.DataFrame,
        "sparse" => SchemaFieldKind.Sparse,
        "structured" => SchemaFieldKind.Structured,
        "arrow_tensor" => SchemaFieldKind.ArrowTensor,
        "safetensors" => SchemaFieldKind.Safetensors,
        _ => SchemaFieldKind.Other,
    };

    private static bool SequenceEquals<T>(T[]? a, T[]? b)
        => a is null ? b is null : b is not null && a.SequenceEqual(b);
}
