namespace Atdata;

/// <summary>The category of a <see cref="SchemaProblem"/>.</summary>
public enum SchemaProblemKind
{
    /// <summary>A required field is absent from the sample.</summary>
    MissingField,

    /// <summary>A required field (or a list item) is null.</summary>
    NullValue,

    /// <summary>A value has another kind than the schema gives (a string where an integer belongs).</summary>
    WrongType,

    /// <summary>An array field holds bytes that are not a valid array payload.</summary>
    InvalidArray,

    /// <summary>An array's dtype differs from the schema's (reported only with <see cref="DynamicSchemaOptions.StrictDType"/>).</summary>
    DTypeMismatch,

    /// <summary>An array's shape differs from the schema's (reported only with <see cref="DynamicSchemaOptions.StrictDType"/>).</summary>
    ShapeMismatch,

    /// <summary>The sample has a field the schema does not list (reported only when <see cref="DynamicSchemaOptions.AllowUnknownFields"/> is off).</summary>
    UnknownField,
}
