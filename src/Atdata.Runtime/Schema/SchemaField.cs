using Atdata.Shared;

namespace Atdata;

/// <summary>One field of a <see cref="SchemaRecord"/>: its wire name, its type and whether it may be absent or null.</summary>
public sealed record SchemaField
{
    private readonly string _name = string.Empty;
    private readonly SchemaFieldType _fieldType = SchemaFieldType.Str;

    /// <summary>Creates a field.</summary>
    /// <param name="name">The wire name (msgpack key, Python field name).</param>
    /// <param name="fieldType">The field's type.</param>
    /// <param name="optional">Whether the field may be absent or null (<c>T | None</c> in Python, <c>T?</c> in C#).</param>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public SchemaField(string name, SchemaFieldType fieldType, bool optional = false)
    {
        Name = name;
        FieldType = fieldType;
        Optional = optional;
    }

    /// <summary>The wire name.</summary>
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

    /// <summary>The field's type.</summary>
    public SchemaFieldType FieldType
    {
        get => _fieldType;
        init => _fieldType = value ?? throw new ArgumentNullException(nameof(FieldType));
    }

    /// <summary>Whether the field may be absent or null.</summary>
    public bool Optional { get; init; }

    /// <summary><c>name: type</c>, with <c> | None</c> when optional.</summary>
    public override string ToString() => Optional ? $"{Name}: {FieldType} | None" : $"{Name}: {FieldType}";

    /// <summary>The ordered map Python stores for this field.</summary>
    internal OrderedMap ToDocument() => SchemaDocument.Field(Name, FieldType.ToDocument(), Optional);
}
