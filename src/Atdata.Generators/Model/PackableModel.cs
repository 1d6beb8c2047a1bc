using Atdata.Generators.Helpers;

namespace Atdata.Generators.Model;

/// <summary>
/// Everything the emitter needs to generate one <c>[Packable]</c> type. Only strings, enums, booleans and
/// equatable records and arrays: no symbols, syntax, locations or compilations, so the incremental cache
/// compares it by value.
/// </summary>
/// <param name="Hierarchy">Namespace and containing types.</param>
/// <param name="TypeName">The type name as written in code (escaped with <c>@</c> when a keyword).</param>
/// <param name="TypeFqn">The fully qualified type name (<c>global::Lab.ImageSample</c>).</param>
/// <param name="SchemaName">The schema name: the type name as declared.</param>
/// <param name="Version">The schema version (<c>1.0.0</c> unless set).</param>
/// <param name="HintName">The generated file name before any de-duplication suffix.</param>
/// <param name="IsValueType">Whether the type is a <c>record struct</c>.</param>
/// <param name="IsPositional">Whether the reader calls the primary constructor.</param>
/// <param name="ConstructorArguments">The primary constructor's arguments, in order.</param>
/// <param name="Fields">The serialized members, in wire order.</param>
/// <param name="Schema">The schema computed at build time (name, version, description, field types, CID).</param>
/// <param name="ExplicitMembers">
/// The interface properties (<c>SchemaName</c>, <c>Schema</c>, <c>Fields</c>, <c>SchemaCid</c>) whose names the type
/// already uses for its own members, sorted: they are implemented explicitly only.
/// </param>
internal sealed record PackableModel(
    TypeHierarchy Hierarchy,
    string TypeName,
    string TypeFqn,
    string SchemaName,
    string Version,
    string HintName,
    bool IsValueType,
    bool IsPositional,
    EquatableArray<ConstructorArgumentModel> ConstructorArguments,
    EquatableArray<FieldModel> Fields,
    SchemaInfo Schema,
    EquatableArray<string> ExplicitMembers);
