namespace Atdata.Generators.Diagnostics;

/// <summary>The IDs of the diagnostics the generator reports. Never reuse or renumber an ID.</summary>
internal static class DiagnosticIds
{
    public const string PackableMustBePartial = "ATD0001";
    public const string ContainingTypeMustBePartial = "ATD0002";
    public const string PackableMustBeRecord = "ATD0003";
    public const string PackableMustNotBeFileLocal = "ATD0004";
    public const string GenericPackableNotSupported = "ATD0005";
    public const string NoUsableConstructor = "ATD0006";
    public const string LanguageVersionTooLow = "ATD0007";

    public const string UnsupportedFieldType = "ATD0050";
    public const string DuplicateWireName = "ATD0051";
    public const string InvalidWireName = "ATD0052";
    public const string BaseRecordNotSupported = "ATD0053";
    public const string InitializerIgnoredOnRead = "ATD0054";
    public const string RequiredMemberNotSerialized = "ATD0055";

    public const string FieldIdCollision = "ATD0100";
    public const string InvalidSchemaVersion = "ATD0101";
    public const string OptionalBeforeRequired = "ATD0102";
    public const string MapFieldNotInPythonSchemas = "ATD0103";
    public const string InvalidSchemaDescription = "ATD0104";

    public const string SchemaChangedWithoutVersionChange = "ATD0110";
    public const string BreakingChangeWithoutMajorBump = "ATD0111";
    public const string FieldAddedWithoutMinorBump = "ATD0112";
    public const string SchemaVersionLowered = "ATD0113";
    public const string TypeMissingFromSchemaLock = "ATD0114";
    public const string MalformedSchemaLock = "ATD0115";

    public const string InternalGeneratorError = "ATD0900";
}
