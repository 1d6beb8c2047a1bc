using System.Globalization;

namespace Atdata;

/// <summary>
/// A sample type known only at run time, rebuilt from a <see cref="SchemaRecord"/> (Python's
/// <c>decode_schema</c> / <c>get_schema_type</c>): it checks <see cref="DynamicSample"/> values against the
/// record's fields, so a dataset of a type the program never compiled can be read and validated.
/// </summary>
/// <remarks>
/// <para>
/// Construction applies Python's rules for rebuilding a type: at least one field, the name (each part, when
/// dotted) and every field name a valid Python identifier, no field name a Python keyword, and no
/// <c>ref</c> field (unsupported in Python too). Unlike Python, an optional field may come before a required one,
/// and a <c>map</c> field (this SDK's kind for C# dictionaries) is accepted.
/// </para>
/// <para>
/// Checks per field: a required field must be present and not null; an optional one may be absent or null.
/// <c>str</c> needs a string, <c>int</c> an integer, <c>float</c> a float or an integer (as Python accepts),
/// <c>bool</c> a boolean, <c>bytes</c> a byte string. An <c>ndarray</c> (or <c>structured</c>) field needs an
/// <see cref="NdArray"/> or bytes that parse as an array payload; its dtype and shape are compared with the schema
/// only under <see cref="DynamicSchemaOptions.StrictDType"/>, since Python treats them as descriptive. A list
/// field needs a list whose items each match the item type (no null items), a map field a map whose values each
/// match the value type (no null values). The v0.7 byte kinds
/// (<c>dataframe</c>, <c>sparse</c>, <c>arrow_tensor</c>, <c>safetensors</c>) need bytes. Fields the schema does not
/// list are allowed unless <see cref="DynamicSchemaOptions.AllowUnknownFields"/> is off.
/// </para>
/// </remarks>
public sealed class DynamicSchema
{
    private readonly HashSet<string> _fieldNames;

    /// <summary>Builds the runtime type of a schema record.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    /// <exception cref="SchemaFormatException">Python could not rebuild the record (see remarks).</exception>
    public DynamicSchema(SchemaRecord record, DynamicSchemaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        Check(record);
        Record = record;
        Options = options ?? DynamicSchemaOptions.Default;
        _fieldNames = new HashSet<string>(record.Fields.Select(f => f.Name), StringComparer.Ordinal);
    }

    /// <summary>The record the type was built from.</summary>
    public SchemaRecord Record { get; }

    /// <summary>How strictly samples are checked.</summary>
    public DynamicSchemaOptions Options { get; }

    /// <summary>The schema name.</summary>
    public string Name => Record.Name;

    /// <summary>The schema version.</summary>
    public string Version => Record.Version;

    /// <summary>The fields in wire order.</summary>
    public IReadOnlyList<SchemaField> Fields => Record.Fields;

    /// <summary>Lists every way <paramref name="sample"/> does not match the schema; empty when it matches.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="sample"/> is null.</exception>
    public IReadOnlyList<SchemaProblem> Validate(DynamicSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var problems = new List<SchemaProblem>();
        foreach (var field in Record.Fields)
        {
            if (!sample.TryGetValue(field.Name, out object? value))
            {
                if (!field.Optional)
                {
                    problems.Add(Problem(SchemaProblemKind.MissingField, field.Name, field.Name, Expected(field.FieldType), "absent", $"required field '{field.Name}' is missing"));
                }

                continue;
            }

            if (value is null)
            {
                if (!field.Optional)
                {
                    problems.Add(Problem(SchemaProblemKind.NullValue, field.Name, field.Name, Expected(field.FieldType), "None", $"required field '{field.Name}' is None"));
                }

                continue;
            }

            CheckValue(field.Name, field.Name, field.FieldType, value, problems);
        }

        if (!Options.AllowUnknownFields)
        {
            foreach (string key in sample.Keys)
            {
                if (!_fieldNames.Contains(key))
                {
                    problems.Add(Problem(SchemaProblemKind.UnknownField, key, key, "no such field", Describe(sample[key]), $"field '{key}' is not in the schema"));
                }
            }
        }

        return problems;
    }

    /// <summary>Whether <paramref name="sample"/> matches the schema.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="sample"/> is null.</exception>
    public bool IsValid(DynamicSample sample) => Validate(sample).Count == 0;

    /// <summary>Throws unless <paramref name="sample"/> matches the schema.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="sample"/> is null.</exception>
    /// <exception cref="SchemaMismatchException">The sample does not match; the exception lists every problem.</exception>
    public void EnsureValid(DynamicSample sample)
    {
        var problems = Validate(sample);
        if (problems.Count > 0)
        {
            throw new SchemaMismatchException(Record.Name, Record.Version, problems);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"DynamicSchema {Record}";

    private static void Check(SchemaRecord record)
    {
        foreach (string part in record.Name.Split('.'))
        {
            if (!PythonIdentifiers.IsIdentifier(part))
            {
                throw new SchemaFormatException($"The schema name '{record.Name}' is not a valid Python class name", "$.name");
            }
        }

        if (record.Fields.Count == 0)
        {
            throw new SchemaFormatException($"The schema {record} has no fields; Python needs at least one", "$.fields");
        }

        for (int i = 0; i < record.Fields.Count; i++)
        {
            var field = record.Fields[i];
            string path = string.Create(CultureInfo.InvariantCulture, $"$.fields[{i}]");
            if (!PythonIdentifiers.IsIdentifier(field.Name) || PythonIdentifiers.IsKeyword(field.Name))
            {
                throw new SchemaFormatException($"The field name '{field.Name}' is not a valid Python identifier", path + ".name");
            }

            for (var type = field.FieldType; type is not null; type = type.Items ?? type.Values)
            {
                if (type.Kind == SchemaFieldKind.Ref)
                {
                    throw new SchemaFormatException($"Field '{field.Name}' is a reference ({type.Reference}), which cannot be rebuilt as a sample type", path + ".fieldType");
                }

                if (type.Kind == SchemaFieldKind.Other)
                {
                    throw new SchemaFormatException($"Field '{field.Name}' has the unknown kind '{type.KindName}'", path + ".fieldType");
                }
            }
        }
    }

    private void CheckValue(string fieldName, string path, SchemaFieldType type, object value, List<SchemaProblem> problems)
    {
        switch (type.Kind)
        {
            case SchemaFieldKind.Primitive:
                bool ok = type.Primitive switch
                {
                    SchemaPrimitive.Str => value is string,
                    SchemaPrimitive.Int => value is long or ulong,
                    SchemaPrimitive.Float => value is double or long or ulong,
                    SchemaPrimitive.Bool => value is bool,
                    _ => value is byte[],
                };
                if (!ok)
                {
                    problems.Add(WrongType(fieldName, path, type, value));
                }

                break;
            case SchemaFieldKind.NdArray or SchemaFieldKind.Structured:
                CheckArray(fieldName, path, type, value, problems);
                break;
            case SchemaFieldKind.Array:
                if (value is not IReadOnlyList<object?> list)
                {
                    problems.Add(WrongType(fieldName, path, type, value));
                    break;
                }

                for (int i = 0; i < list.Count; i++)
                {
                    string itemPath = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
                    if (list[i] is { } item)
                    {
                        CheckValue(fieldName, itemPath, type.Items!, item, problems);
                    }
                    else
                    {
                        problems.Add(Problem(SchemaProblemKind.NullValue, fieldName, itemPath, Expected(type.Items!), "None", $"field '{itemPath}': a list item is None"));
                    }
                }

                break;
            case SchemaFieldKind.Map:
                if (value is not IReadOnlyDictionary<string, object?> map)
                {
                    problems.Add(WrongType(fieldName, path, type, value));
                    break;
                }

                foreach (var entry in map)
                {
                    string entryPath = path + "['" + entry.Key + "']";
                    if (entry.Value is { } item)
                    {
                        CheckValue(fieldName, entryPath, type.Values!, item, problems);
                    }
                    else
                    {
                        problems.Add(Problem(SchemaProblemKind.NullValue, fieldName, entryPath, Expected(type.Values!), "None", $"field '{entryPath}': a map value is None"));
                    }
                }

                break;
            default:
                // The v0.7 kinds Python decodes from bytes with a per-field format.
                if (value is not byte[])
                {
                    problems.Add(WrongType(fieldName, path, type, value));
                }

                break;
        }
    }

    private void CheckArray(string fieldName, string path, SchemaFieldType type, object value, List<SchemaProblem> problems)
    {
        NdArray array;
        switch (value)
        {
            case NdArray given:
                array = given;
                break;
            case byte[] payload:
                try
                {
                    array = NdArray.Parse(payload);
                }
                catch (SampleFormatException e)
                {
                    problems.Add(Problem(SchemaProblemKind.InvalidArray, fieldName, path, Expected(type), $"bytes[{payload.Length}]", $"field '{path}': the bytes are not an array payload ({e.Message})"));
                    return;
                }

                break;
            default:
                problems.Add(WrongType(fieldName, path, type, value));
                return;
        }

        if (!Options.StrictDType || type.Kind != SchemaFieldKind.NdArray)
        {
            return;
        }

        string actualDType = array.DType.SchemaName;
        if (type.DType is not null && !string.Equals(actualDType, type.DType, StringComparison.Ordinal))
        {
            problems.Add(Problem(SchemaProblemKind.DTypeMismatch, fieldName, path, type.DType, actualDType, $"field '{path}': expected dtype {type.DType}, got {actualDType}"));
        }

        if (type.Shape is { } shape && !ShapeMatches(shape, array.Shape))
        {
            string expected = "(" + string.Join(", ", shape.Select(d => d?.ToString(CultureInfo.InvariantCulture) ?? "None")) + ")";
            string actual = "(" + string.Join(", ", array.Shape.ToArray()) + ")";
            problems.Add(Problem(SchemaProblemKind.ShapeMismatch, fieldName, path, expected, actual, $"field '{path}': expected shape {expected}, got {actual}"));
        }
    }

    private static bool ShapeMatches(IReadOnlyList<long?> expected, ReadOnlySpan<long> actual)
    {
        if (expected.Count != actual.Length)
        {
            return false;
        }

        for (int i = 0; i < actual.Length; i++)
        {
            if (expected[i] is { } dimension && dimension != actual[i])
            {
                return false;
            }
        }

        return true;
    }

    private static SchemaProblem WrongType(string fieldName, string path, SchemaFieldType type, object value)
    {
        string expected = Expected(type);
        string actual = Describe(value);
        return Problem(SchemaProblemKind.WrongType, fieldName, path, expected, actual, $"field '{path}': expected {expected}, got {actual}");
    }

    private static SchemaProblem Problem(SchemaProblemKind kind, string fieldName, string path, string expected, string actual, string message)
        => new(kind, fieldName, path, expected, actual, message);

    private static string Expected(SchemaFieldType type) => type.Kind switch
    {
        SchemaFieldKind.Primitive or SchemaFieldKind.NdArray or SchemaFieldKind.Array or SchemaFieldKind.Map => type.ToString(),
        SchemaFieldKind.Structured => "structured ndarray",
        _ => $"bytes ({type.KindName})",
    };

    /// <summary>Python's <c>repr</c> of common floats: integral values keep a <c>.0</c>.</summary>
    private static string PythonFloat(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return double.IsFinite(value) && Math.Abs(value) < 1e16 && value == Math.Floor(value) ? text + ".0" : text;
    }

    private static string Describe(object? value) => value switch
    {
        null => "None",
        string s => s.Length <= 40 ? $"str '{s}'" : $"str of {s.Length} chars",
        bool b => b ? "bool True" : "bool False",
        long or ulong => "int " + ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture),
        double d => "float " + PythonFloat(d),
        byte[] bytes => $"bytes[{bytes.Length}]",
        NdArray array => $"ndarray {array.DType.SchemaName}",
        DynamicSample => "dict",
        IReadOnlyList<object?> list => $"list of {list.Count}",
        _ => value.GetType().Name,
    };
}
