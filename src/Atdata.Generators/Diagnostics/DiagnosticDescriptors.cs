using Microsoft.CodeAnalysis;

namespace Atdata.Generators.Diagnostics;

/// <summary>
/// The descriptors of every diagnostic the generator reports. Messages quote names, use <c>{0}</c> for the
/// type and <c>{1}</c> for the member, and have no trailing period; descriptions say how to fix the problem.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string DocsRoot = "https://github.com/atdata-dotnet/atdata/blob/main/docs/diagnostics/";
    private const string Usage = "Atdata.Usage";
    private const string Schema = "Atdata.Schema";

    public static readonly DiagnosticDescriptor PackableMustBePartial = Create(
        DiagnosticIds.PackableMustBePartial,
        title: "Packable type must be partial",
        message: "Type '{0}' is marked [Packable] but is not declared 'partial'",
        description: "Add the 'partial' modifier so that the generator can add the serializer to the type.");

    public static readonly DiagnosticDescriptor ContainingTypeMustBePartial = Create(
        DiagnosticIds.ContainingTypeMustBePartial,
        title: "Types containing a packable type must be partial",
        message: "Type '{1}', which contains the [Packable] type '{0}', is not declared 'partial'",
        description: "Add the 'partial' modifier to every type that contains the [Packable] type.");

    public static readonly DiagnosticDescriptor PackableMustBeRecord = Create(
        DiagnosticIds.PackableMustBeRecord,
        title: "Packable type must be a record",
        message: "Type '{0}' is marked [Packable] but is not a 'record' or 'record struct'",
        description: "Declare the sample type as 'partial record' or 'partial record struct'.");

    public static readonly DiagnosticDescriptor PackableMustNotBeFileLocal = Create(
        DiagnosticIds.PackableMustNotBeFileLocal,
        title: "Packable type must not be file-local",
        message: "Type '{0}' is file-local, so the generated code in another file cannot extend it",
        description: "Remove the 'file' modifier (use 'internal' to keep the type out of the public API).");

    public static readonly DiagnosticDescriptor GenericPackableNotSupported = Create(
        DiagnosticIds.GenericPackableNotSupported,
        title: "Generic packable types are not supported",
        message: "Type '{0}' is generic or nested in a generic type, which [Packable] does not support yet",
        description: "Declare a non-generic sample type, outside generic types.");

    public static readonly DiagnosticDescriptor NoUsableConstructor = Create(
        DiagnosticIds.NoUsableConstructor,
        title: "Packable type has no usable constructor",
        message: "Type '{0}' cannot be constructed by the generated reader: {1}",
        description: "A positional record is built through its primary constructor; any other record needs a parameterless constructor. The type must not be abstract.");

    public static readonly DiagnosticDescriptor LanguageVersionTooLow = Create(
        DiagnosticIds.LanguageVersionTooLow,
        title: "C# 11 or later is required",
        message: "Type '{0}' is marked [Packable] but the project uses C# {1}; the generated code needs C# 11 or later",
        description: "Set <LangVersion> to 11 or later (or remove it to use the SDK's default).");

    public static readonly DiagnosticDescriptor UnsupportedFieldType = Create(
        DiagnosticIds.UnsupportedFieldType,
        title: "Unsupported field type",
        message: "Member '{1}' of '{0}' has type '{2}', which a sample cannot hold",
        description: "Use a supported field type (string, bool, integers, enums, float, double, Half, byte[], ReadOnlyMemory<byte>, NdArray<T>, NdArray, T[], List<T>, IReadOnlyList<T>, ImmutableArray<T>, Dictionary<string, T>, IReadOnlyDictionary<string, T>, or T? of these), or mark the member [SkipField].");

    public static readonly DiagnosticDescriptor DuplicateWireName = Create(
        DiagnosticIds.DuplicateWireName,
        title: "Duplicate wire name",
        message: "Member '{1}' of '{0}' has the wire name '{2}', which member '{3}' already uses",
        description: "Give one of the members another wire name with [Field(\"name\")].");

    public static readonly DiagnosticDescriptor InvalidWireName = Create(
        DiagnosticIds.InvalidWireName,
        title: "Invalid wire name",
        message: "Member '{1}' of '{0}' has the wire name '{2}', which is not a valid Python field name: {3}",
        description: "Wire names must be ASCII letters, digits and '_', must not start with a digit and must not be a Python keyword. Set a valid name with [Field(\"name\")].");

    public static readonly DiagnosticDescriptor BaseRecordNotSupported = Create(
        DiagnosticIds.BaseRecordNotSupported,
        title: "Packable records cannot derive from another record",
        message: "Type '{0}' derives from '{1}'; [Packable] records must not have a base record",
        description: "Declare the inherited members on the packable record itself; inheritance between sample types is not supported.");

    public static readonly DiagnosticDescriptor InitializerIgnoredOnRead = Create(
        DiagnosticIds.InitializerIgnoredOnRead,
        title: "Property initializer is not used when a sample is read",
        message: "Member '{1}' of '{0}' has an initializer, but a sample read without the key '{2}' sets it to null",
        description: "A read always assigns every serialized property. Make the property 'required', remove the initializer, or mark the property [SkipField].",
        severity: DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor RequiredMemberNotSerialized = Create(
        DiagnosticIds.RequiredMemberNotSerialized,
        title: "Required member is not serialized",
        message: "Member '{1}' of '{0}' is 'required' but is not serialized, so the generated reader cannot set it",
        description: "Serialized members are public properties with a set or init accessor that are not marked [SkipField]. Remove 'required' or make the member serialized.");

    public static readonly DiagnosticDescriptor FieldIdCollision = Create(
        DiagnosticIds.FieldIdCollision,
        title: "Field ID collision",
        message: "Fields '{1}' and '{2}' of '{0}' have the same field ID {3}",
        description: "Field IDs are the 32-bit FNV-1a hash of the wire name and must be unique within a type. Give one of the fields another wire name with [Field(\"name\")].",
        category: Schema);

    public static readonly DiagnosticDescriptor InvalidSchemaVersion = Create(
        DiagnosticIds.InvalidSchemaVersion,
        title: "Invalid schema version",
        message: "Version '{1}' of '{0}' is not a strict semantic version 'X.Y.Z'",
        description: "Use three non-negative integers without leading zeros separated by dots, for example \"1.0.0\".",
        category: Schema);

    public static readonly DiagnosticDescriptor OptionalBeforeRequired = Create(
        DiagnosticIds.OptionalBeforeRequired,
        title: "Optional field before a required field",
        message: "Required field '{1}' of '{0}' follows the optional field '{2}': Python atdata cannot rebuild this schema",
        description: "Python rebuilds a sample type as a dataclass, where a field without a default cannot follow one with a default. Declare the optional (nullable) members after the required ones. Reordering changes the schema CID; do it before publishing, or with a new version.",
        severity: DiagnosticSeverity.Warning,
        category: Schema);

    public static readonly DiagnosticDescriptor MapFieldNotInPythonSchemas = Create(
        DiagnosticIds.MapFieldNotInPythonSchemas,
        title: "Dictionary field in a schema",
        message: "Field '{2}' ('{1}') of '{0}' is a dictionary; its schema type is this SDK's 'local#map', which Python atdata cannot rebuild",
        description: "Python atdata schemas have no dictionary kind, so Python can read such samples only untyped. Use lists or separate fields for data Python must read typed, or suppress this warning for C#-only datasets.",
        severity: DiagnosticSeverity.Warning,
        category: Schema);

    public static readonly DiagnosticDescriptor InvalidSchemaDescription = Create(
        DiagnosticIds.InvalidSchemaDescription,
        title: "Invalid schema description",
        message: "The description of '{0}' holds an unpaired surrogate, which cannot be encoded as UTF-8",
        description: "The description is part of the schema record and its CID, which are UTF-8. Remove the lone surrogate character.",
        category: Schema);

    public static readonly DiagnosticDescriptor SchemaChangedWithoutVersionChange = Create(
        DiagnosticIds.SchemaChangedWithoutVersionChange,
        title: "Schema changed without a version change",
        message: "The schema of '{0}' differs from version {1} in the schema lock, but its version is still {1}: {2}",
        description: "A published name@version must always mean the same schema. Raise [Packable(Version = …)] (major for a removed or retyped field, minor for an added one, patch otherwise), or, if this version was never published, run 'dotnet build -t:AtdataUpdateSchemaLock' to record the new schema.",
        category: Schema);

    public static readonly DiagnosticDescriptor BreakingChangeWithoutMajorBump = Create(
        DiagnosticIds.BreakingChangeWithoutMajorBump,
        title: "Field removed or retyped without a major version",
        message: "Field '{1}' of '{0}' {2} since version {3} in the schema lock, which needs a new major version, not {4}",
        description: "Removing a field, changing its type or changing whether it is optional breaks readers of existing data. Raise the major version in [Packable(Version = …)], then run 'dotnet build -t:AtdataUpdateSchemaLock'.",
        category: Schema);

    public static readonly DiagnosticDescriptor FieldAddedWithoutMinorBump = Create(
        DiagnosticIds.FieldAddedWithoutMinorBump,
        title: "Field added without a minor version",
        message: "Field '{1}' of '{0}' was added since version {2} in the schema lock, which needs at least a new minor version, not {3}",
        description: "Adding a field changes the schema in a compatible way. Raise the minor (or major) version in [Packable(Version = …)], then run 'dotnet build -t:AtdataUpdateSchemaLock'.",
        severity: DiagnosticSeverity.Warning,
        category: Schema);

    public static readonly DiagnosticDescriptor SchemaVersionLowered = Create(
        DiagnosticIds.SchemaVersionLowered,
        title: "Schema version lowered",
        message: "The version of '{0}' is {1}, lower than version {2} in the schema lock",
        description: "Versions only go up: a lower version could name a schema that was already published differently. Restore a version at least as high as the locked one.",
        category: Schema);

    public static readonly DiagnosticDescriptor TypeMissingFromSchemaLock = Create(
        DiagnosticIds.TypeMissingFromSchemaLock,
        title: "Type missing from the schema lock",
        message: "'{0}' ({1}@{2}) is not in the schema lock",
        description: "Run 'dotnet build -t:AtdataUpdateSchemaLock' to record the type's schema, so later changes are checked.",
        severity: DiagnosticSeverity.Info,
        category: Schema);

    public static readonly DiagnosticDescriptor MalformedSchemaLock = Create(
        DiagnosticIds.MalformedSchemaLock,
        title: "Malformed schema lock",
        message: "The schema lock cannot be read: {0}",
        description: "Fix the file by hand or delete it and run 'dotnet build -t:AtdataUpdateSchemaLock' to write it again. Schemas are not checked while the lock is malformed.",
        category: Schema);

    public static readonly DiagnosticDescriptor InternalGeneratorError = Create(
        DiagnosticIds.InternalGeneratorError,
        title: "The Atdata generator failed",
        message: "The Atdata generator failed on '{0}' and generated nothing for it: {1}",
        description: "This is a bug in the generator. Please report it with the declaration of the type.");

    public static string HelpLink(string id) => DocsRoot + id + ".md";

    private static DiagnosticDescriptor Create(
        string id,
        string title,
        string message,
        string description,
        DiagnosticSeverity severity = DiagnosticSeverity.Error,
        string category = Usage)
        => new(id, title, message, category, severity, isEnabledByDefault: true, description, HelpLink(id));
}
