using Atdata.Generators.Helpers;

namespace Atdata.Generators.Model;

/// <summary>
/// The schema of one <c>[Packable]</c> type as the generator computed it at build time: what <c>T.Schema</c>
/// holds, its CID (<c>T.SchemaCid</c>) and the data the schema lock records and is checked against.
/// </summary>
/// <param name="LockKey">The type's full name without <c>global::</c> or <c>@</c> (<c>Lab.Vision.ImageSample</c>), its key in the schema lock.</param>
/// <param name="Name">The schema name: the type name as declared.</param>
/// <param name="Version">The schema version.</param>
/// <param name="Description">The description from <c>[Packable(Description = …)]</c>, or <see langword="null"/>.</param>
/// <param name="Fields">The fields in wire order.</param>
/// <param name="Cid">The CID of the record without <c>createdAt</c> (<c>bafyrei…</c>).</param>
internal sealed record SchemaInfo(
    string LockKey,
    string Name,
    string Version,
    string? Description,
    EquatableArray<SchemaFieldInfo> Fields,
    string Cid);

/// <summary>One field of a <see cref="SchemaInfo"/>.</summary>
/// <param name="Name">The wire name.</param>
/// <param name="FieldTypeJson">The <c>fieldType</c> object as Python's <c>json.dumps</c> writes it.</param>
/// <param name="Optional">Whether the field may be null.</param>
internal sealed record SchemaFieldInfo(string Name, string FieldTypeJson, bool Optional);
