using System.Globalization;
using Atdata.Generators.Helpers;
using Atdata.Generators.Lock;
using Atdata.Generators.Model;
using Atdata.Shared;

namespace Atdata.Generators;

public sealed partial class PackableGenerator
{
    /// <summary>The schema members of a generated type: <c>SchemaName</c>, <c>SchemaCid</c>, <c>Schema</c> and <c>Fields</c>.</summary>
    internal static partial class Emitter
    {
        private const string SchemaRecordFqn = "global::Atdata.SchemaRecord";
        private const string SchemaFieldFqn = "global::Atdata.SchemaField";
        private const string FieldDescriptorFqn = "global::Atdata.FieldDescriptor";
        private const string FieldListFqn = "global::System.Collections.Generic.IReadOnlyList<" + FieldDescriptorFqn + ">";

        /// <summary>The key prefix of the assembly metadata that carries a type's schema-lock entry.</summary>
        public const string LockMetadataPrefix = "AtdataSchemaLock:";

        /// <summary>The field ID as written in generated comments: <c>0x</c> and eight lower-case hex digits.</summary>
        internal static string FieldIdText(string wireName)
            => "0x" + FieldId.Compute(wireName).ToString("x8", CultureInfo.InvariantCulture);

        /// <summary>
        /// <c>[assembly: AssemblyMetadata("AtdataSchemaLock:{type}", "{entry}")]</c>: the type's schema-lock entry, which
        /// the <c>AtdataUpdateSchemaLock</c> MSBuild target reads from the built assembly's metadata (the generator
        /// itself never writes files).
        /// </summary>
        private static void WriteLockEntryAttribute(SourceWriter w, PackableModel model)
        {
            w.WriteLine("[assembly: global::System.Reflection.AssemblyMetadata(" + Literal(LockMetadataPrefix + model.Schema.LockKey) + ", "
                + Literal(SchemaLockFormat.FormatEntry(model.Schema)) + ")]");
            w.WriteLine();
        }

        private static void WriteSchemaMembers(SourceWriter w, PackableModel model)
        {
            w.WriteLine("/// <summary>The schema name: the type name as declared.</summary>");
            WriteProperty(w, model, "string", "SchemaName", Literal(model.SchemaName));
            w.WriteLine();

            w.WriteLine("/// <summary>The CID of <c>Schema</c> (the record without <c>createdAt</c>), computed when this code was generated.</summary>");
            WriteProperty(w, model, "string", "SchemaCid", Literal(model.Schema.Cid));
            w.WriteLine();

            w.WriteLine("private static " + SchemaRecordFqn + "? __schema;");
            w.WriteLine();
            w.WriteLine("/// <summary>The schema record (name, version, fields, description; no <c>createdAt</c>), created on first use.</summary>");
            WriteProperty(w, model, SchemaRecordFqn, "Schema", "__schema ??= __CreateSchema()");
            w.WriteLine();
            WriteCreateSchema(w, model);

            w.WriteLine("private static " + FieldListFqn + "? __fieldDescriptors;");
            w.WriteLine();
            w.WriteLine("/// <summary>The serialized fields in wire order, with their stable field IDs, created on first use.</summary>");
            WriteProperty(w, model, FieldListFqn, "Fields", "__fieldDescriptors ??= __CreateFields()");
            w.WriteLine();
            WriteCreateFields(w, model);
        }

        /// <summary>A public static property, or an explicit interface implementation when the type uses the name itself.</summary>
        private static void WriteProperty(SourceWriter w, PackableModel model, string type, string name, string expression)
        {
            bool isExplicit = false;
            foreach (string member in model.ExplicitMembers)
            {
                isExplicit |= member == name;
            }

            w.WriteLine(isExplicit
                ? "static " + type + " global::Atdata.IPackable<" + model.TypeFqn + ">." + name + " => " + expression + ";"
                : "public static " + type + " " + name + " => " + expression + ";");
        }

        private static void WriteCreateSchema(SourceWriter w, PackableModel model)
        {
            w.WriteLine("private static " + SchemaRecordFqn + " __CreateSchema()");
            w.OpenBrace();
            WriteArrayLocal(w, "__fields", SchemaFieldFqn, model.Fields.Count, i =>
            {
                var field = model.Fields[i];
                w.WriteLine("new " + SchemaFieldFqn + "(" + Literal(field.WireName) + ", " + SchemaShapes.FieldTypeExpression(field.Shape) + ", "
                    + (field.Shape.IsNullable ? "true" : "false") + "),");
            });
            string description = model.Schema.Description is { } text ? " { Description = " + Literal(text) + " }" : string.Empty;
            w.WriteLine("return new " + SchemaRecordFqn + "(" + Literal(model.SchemaName) + ", " + Literal(model.Version) + ", __fields)" + description + ";");
            w.CloseBrace();
            w.WriteLine();
        }

        private static void WriteCreateFields(SourceWriter w, PackableModel model)
        {
            w.WriteLine("private static " + FieldListFqn + " __CreateFields()");
            w.OpenBrace();
            WriteArrayLocal(w, "__descriptors", FieldDescriptorFqn, model.Fields.Count, i =>
            {
                var field = model.Fields[i];
                string dtype = SchemaShapes.DType(field.Shape) is { } name ? Literal(name) : "null";
                w.WriteLine("// field ID " + FieldIdText(field.WireName));
                w.WriteLine("new " + FieldDescriptorFqn + "(" + Literal(field.WireName) + ", " + SourceWriter.Invariant(i)
                    + ", global::Atdata.FieldKind." + SchemaShapes.FieldKindName(field.Shape)
                    + ", isOptional: " + (field.Shape.IsNullable ? "true" : "false") + ", dtype: " + dtype + "),");
            });
            w.WriteLine("return global::System.Array.AsReadOnly(__descriptors);");
            w.CloseBrace();
            w.WriteLine();
        }

        /// <summary><c>var local = new T[] { … };</c> with one item per call of <paramref name="writeItem"/>, or <c>Array.Empty&lt;T&gt;()</c>.</summary>
        private static void WriteArrayLocal(SourceWriter w, string local, string elementFqn, int count, System.Action<int> writeItem)
        {
            if (count == 0)
            {
                w.WriteLine("var " + local + " = global::System.Array.Empty<" + elementFqn + ">();");
            }
            else
            {
                w.WriteLine("var " + local + " = new " + elementFqn + "[]");
                w.OpenBrace();
                for (int i = 0; i < count; i++)
                {
                    writeItem(i);
                }

                w.CloseBrace(";");
            }

            w.WriteLine();
        }
    }
}
