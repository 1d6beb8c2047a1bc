using System.Globalization;
using System.Text;
using System.Text.Json;
using Atdata.Shared;

namespace Atdata;

/// <summary>
/// A schema record as Python atdata stores it (<c>publish_schema</c>) and returns it (<c>get_schema</c>): name,
/// version, fields, description, creation time and, for records read back, the <c>$ref</c> they were found
/// under. Immutable, with value equality; change it with <c>with</c>.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="ToJson"/> writes exactly what Python's <c>json.dumps(record)</c> writes, so the text can be stored
/// where Python reads it and hashes to the same CID (<see cref="Cid.Of(SchemaRecord)"/>). Keys: <c>name</c>,
/// <c>version</c>, <c>fields</c>, <c>description</c> (null when absent), then <c>createdAt</c> and <c>$ref</c>
/// only when set.
/// </para>
/// <para>
/// Field order is kept as declared. Python rebuilds a type from a record as a dataclass, which cannot have an
/// optional field before a required one (<see cref="HasOptionalBeforeRequired"/>): the source generator warns
/// about such types rather than reordering their fields (reordering would change the wire order and the
/// schema), and <see cref="DynamicSchema"/> accepts either order.
/// </para>
/// </remarks>
public sealed record SchemaRecord
{
    private readonly string _name = string.Empty;
    private readonly string _version = string.Empty;
    private readonly SchemaField[] _fields = [];
    private readonly string? _ref;

    /// <summary>Creates a record.</summary>
    /// <param name="name">The schema name: the sample type's name as declared.</param>
    /// <param name="version">The version, normally strict <c>X.Y.Z</c> (see <see cref="SchemaVersion"/>).</param>
    /// <param name="fields">The fields in declaration order.</param>
    /// <exception cref="ArgumentException">The name or version is empty, a field is null, or two fields share a name.</exception>
    public SchemaRecord(string name, string version, IEnumerable<SchemaField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Name = name;
        Version = version;
        Fields = fields.ToArray();
    }

    /// <summary>The schema name.</summary>
    /// <exception cref="ArgumentException">Set to an empty string.</exception>
    public string Name
    {
        get => _name;
        init
        {
            ArgumentException.ThrowIfNullOrEmpty(value, nameof(Name));
            _name = value;
        }
    }

    /// <summary>The version text.</summary>
    /// <exception cref="ArgumentException">Set to an empty string.</exception>
    public string Version
    {
        get => _version;
        init
        {
            ArgumentException.ThrowIfNullOrEmpty(value, nameof(Version));
            _version = value;
        }
    }

    /// <summary>The fields in declaration (wire) order.</summary>
    /// <exception cref="ArgumentException">Set to a list with a null entry or a repeated name.</exception>
    public IReadOnlyList<SchemaField> Fields
    {
        get => _fields;
        init => _fields = CheckFields(value);
    }

    /// <summary>The description (Python: the explicit argument, else the class docstring), or <see langword="null"/>.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// When the record was published, or <see langword="null"/> for the CID-stable form (the one the generator
    /// emits as <c>T.Schema</c>). Written with microsecond precision.
    /// </summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The <c>$ref</c> key Python's <c>get_schema</c> adds to a record it returns; <see langword="null"/> in a stored record.</summary>
    /// <exception cref="ArgumentException">Set to an empty string.</exception>
    public string? Ref
    {
        get => _ref;
        init
        {
            if (value is { Length: 0 })
            {
                throw new ArgumentException("The $ref must not be empty.", nameof(Ref));
            }

            _ref = value;
        }
    }

    /// <summary>
    /// Whether an optional field comes before a required one. Python cannot rebuild such a record as a
    /// dataclass ("non-default argument follows default argument"); this SDK can.
    /// </summary>
    public bool HasOptionalBeforeRequired
    {
        get
        {
            bool seenOptional = false;
            foreach (var item in _fields)
            {
                if (item.Optional)
                {
                    seenOptional = true;
                }
                else if (seenOptional)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Reads a record from JSON text (any valid spelling; unknown keys are ignored).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="SchemaFormatException">The text is not valid JSON or not a schema record this SDK reads.</exception>
    public static SchemaRecord Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Reads a record from UTF-8 JSON (any valid spelling; unknown keys are ignored).</summary>
    /// <exception cref="SchemaFormatException">The bytes are not valid JSON or not a schema record this SDK reads.</exception>
    public static SchemaRecord Parse(ReadOnlySpan<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray(), SchemaJson.DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new SchemaFormatException("The schema record is not valid JSON: " + e.Message, null, e);
        }

        using (document)
        {
            return FromJson(document.RootElement);
        }
    }

    /// <summary>
    /// Reads a record from a parsed JSON object. Rejects records whose <c>atdataSchemaVersion</c> (or
    /// <c>$atdataSchemaVersion</c>) is above 1, and atmosphere <c>jsonSchema</c> records.
    /// </summary>
    /// <exception cref="SchemaFormatException">The element is not a schema record this SDK reads.</exception>
    public static SchemaRecord FromJson(JsonElement element)
    {
        SchemaJson.RequireObject(element, "$");
        CheckFormatVersion(element, "atdataSchemaVersion");
        CheckFormatVersion(element, "$atdataSchemaVersion");
        if (SchemaJson.TryGetLast(element, "schemaType", out var schemaType) && schemaType.ValueKind == JsonValueKind.String && schemaType.GetString() == "jsonSchema")
        {
            throw new SchemaFormatException("Atmosphere records with schemaType 'jsonSchema' are not supported; read a local record", "$.schemaType");
        }

        string name = SchemaJson.RequireString(SchemaJson.Require(element, "name", "$"), "$.name");
        string version = SchemaJson.RequireString(SchemaJson.Require(element, "version", "$"), "$.version");
        if (name.Length == 0 || version.Length == 0)
        {
            throw new SchemaFormatException("The name and version must not be empty", name.Length == 0 ? "$.name" : "$.version");
        }

        var fieldsElement = SchemaJson.RequireArray(SchemaJson.Require(element, "fields", "$"), "$.fields");
        var fields = new List<SchemaField>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fieldElement in fieldsElement.EnumerateArray())
        {
            string path = string.Create(CultureInfo.InvariantCulture, $"$.fields[{fields.Count}]");
            var field = ReadField(fieldElement, path);
            if (!names.Add(field.Name))
            {
                throw new SchemaFormatException($"The field name '{field.Name}' appears more than once", path);
            }

            fields.Add(field);
        }

        string? description = SchemaJson.TryGetLast(element, "description", out var d) ? SchemaJson.OptionalString(d, "$.description") : null;
        string? schemaRef = SchemaJson.TryGetLast(element, "$ref", out var r) ? SchemaJson.OptionalString(r, "$.$ref") : null;
        DateTimeOffset? createdAt = null;
        if (SchemaJson.TryGetLast(element, "createdAt", out var c) && SchemaJson.OptionalString(c, "$.createdAt") is { } text)
        {
            createdAt = ParseTimestamp(text);
        }

        return new SchemaRecord(name, version, fields)
        {
            Description = description,
            CreatedAt = createdAt,
            Ref = string.IsNullOrEmpty(schemaRef) ? null : schemaRef,
        };
    }

    /// <summary>The record exactly as Python's <c>json.dumps(record)</c> writes it.</summary>
    public string ToJson() => SchemaDocument.ToJson(ToDocument());

    /// <summary>The record's UTF-8 <see cref="ToJson"/> bytes.</summary>
    public byte[] ToUtf8Json() => Encoding.UTF8.GetBytes(ToJson());

    /// <summary>
    /// The CID of this record without <see cref="CreatedAt"/> and <see cref="Ref"/>: the value the generator
    /// emits as <c>T.SchemaCid</c>. It changes with the name, version, description and wire shape only.
    /// </summary>
    public Cid ComputeStableCid() => Cid.Of(this with { CreatedAt = null, Ref = null });

    /// <summary>Whether both records have the same content; <see cref="CreatedAt"/> must match in instant and offset, since both are written.</summary>
    public bool Equals(SchemaRecord? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return other is not null
            && string.Equals(_name, other._name, StringComparison.Ordinal)
            && string.Equals(_version, other._version, StringComparison.Ordinal)
            && _fields.AsSpan().SequenceEqual(other._fields)
            && string.Equals(Description, other.Description, StringComparison.Ordinal)
            && (CreatedAt is { } created ? other.CreatedAt is { } otherCreated && created.EqualsExact(otherCreated) : other.CreatedAt is null)
            && string.Equals(_ref, other._ref, StringComparison.Ordinal);
    }

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_name, _version, _fields.Length, Description, CreatedAt, _ref);

    /// <summary><c>Name@Version</c>.</summary>
    public override string ToString() => _name + "@" + _version;

    /// <summary>The ordered map Python stores (and hashes) for this record.</summary>
    internal OrderedMap ToDocument() => SchemaDocument.Record(
        _name,
        _version,
        _fields.Select(f => f.ToDocument()),
        Description,
        CreatedAt is { } created ? SchemaDocument.FormatTimestamp(created) : null,
        _ref);

    private static SchemaField[] CheckFields(IReadOnlyList<SchemaField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var copy = fields.ToArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in copy)
        {
            if (field is null)
            {
                throw new ArgumentException("A field is null.", nameof(fields));
            }

            if (!names.Add(field.Name))
            {
                throw new ArgumentException($"The field name '{field.Name}' appears more than once.", nameof(fields));
            }
        }

        return copy;
    }

    private static SchemaField ReadField(JsonElement element, string path)
    {
        SchemaJson.RequireObject(element, path);
        string name = SchemaJson.RequireString(SchemaJson.Require(element, "name", path), path + ".name");
        if (name.Length == 0)
        {
            throw new SchemaFormatException("A field name is empty", path + ".name");
        }

        var fieldType = SchemaFieldType.FromJson(SchemaJson.Require(element, "fieldType", path), path + ".fieldType", 0);
        bool optional = false;
        if (SchemaJson.TryGetLast(element, "optional", out var o))
        {
            optional = o.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False or JsonValueKind.Null => false,
                _ => throw new SchemaFormatException("'optional' must be a boolean", path + ".optional"),
            };
        }

        return new SchemaField(name, fieldType, optional);
    }

    private static void CheckFormatVersion(JsonElement element, string key)
    {
        if (!SchemaJson.TryGetLast(element, key, out var value))
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long formatVersion))
        {
            throw new SchemaFormatException($"'{key}' must be an integer", "$." + key);
        }

        if (formatVersion > 1)
        {
            throw new SchemaFormatException($"The record format version {formatVersion} is newer than this SDK reads (1)", "$." + key);
        }
    }

    private static DateTimeOffset ParseTimestamp(string text)
    {
        // Python's isoformat(): an aware datetime carries its offset; a naive one is taken as UTC.
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value;
        }

        throw new SchemaFormatException($"'{text}' is not an ISO 8601 timestamp", "$.createdAt");
    }
}
