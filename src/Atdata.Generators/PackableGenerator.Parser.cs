using System.Text;
using Atdata.Generators.Diagnostics;
using Atdata.Generators.Helpers;
using Atdata.Generators.Lock;
using Atdata.Generators.Model;
using Atdata.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Atdata.Generators;

public sealed partial class PackableGenerator
{
    /// <summary>
    /// Turns one <c>[Packable]</c> declaration into a <see cref="PackableModel"/> and diagnostics. Pure and
    /// static: it reads symbols and syntax and returns values; it never throws for any input it can be given.
    /// </summary>
    internal static class Parser
    {
        private const string AtdataNamespace = "Atdata";
        private const string DefaultVersion = "1.0.0";

        /// <summary>The static interface properties the generator implements publicly unless the type uses the name itself.</summary>
        private static readonly string[] s_interfaceProperties = ["Fields", "Schema", "SchemaCid", "SchemaName"];

        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax declaration)
            {
                return ParseResult.Empty;
            }

            // [Packable] on several partial declarations is CS0579; parse the type once, from the first one.
            if (!IsFirstAttributedDeclaration(context, declaration))
            {
                return ParseResult.Empty;
            }

            var diagnostics = new List<DiagnosticInfo>();
            var identifier = declaration.Identifier.GetLocation();
            string displayName = type.Name;

            var languageVersion = (declaration.SyntaxTree.Options as CSharpParseOptions)?.LanguageVersion ?? LanguageVersion.Latest;
            if (languageVersion < LanguageVersion.CSharp11)
            {
                return Fail(DiagnosticInfo.Create(DiagnosticDescriptors.LanguageVersionTooLow, identifier, displayName, languageVersion.ToDisplayString()));
            }

            if (!type.IsRecord || declaration is not RecordDeclarationSyntax)
            {
                return Fail(DiagnosticInfo.Create(DiagnosticDescriptors.PackableMustBeRecord, identifier, displayName));
            }

            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PackableMustBePartial, identifier, displayName));
            }

            CheckContainingTypes(type, declaration, diagnostics, cancellationToken);

            if (IsFileLocal(type))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PackableMustNotBeFileLocal, identifier, displayName));
            }

            if (IsGeneric(type))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericPackableNotSupported, identifier, displayName));
            }

            if (!type.IsValueType && type.BaseType is { SpecialType: not SpecialType.System_Object } baseType)
            {
                var baseLocation = declaration.BaseList is { Types.Count: > 0 } baseList ? baseList.Types[0].GetLocation() : identifier;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BaseRecordNotSupported, baseLocation, displayName, baseType.ToDisplayString()));
            }

            var attribute = context.Attributes.Length > 0 ? context.Attributes[0] : null;
            string version = ReadVersion(attribute, displayName, diagnostics, cancellationToken);
            bool asDeclared = ReadNaming(attribute) == 1;
            string? description = ReadDescription(attribute);
            if (description is not null && HasUnpairedSurrogate(description))
            {
                var location = FindNamedArgument(attribute!, "Description", cancellationToken) ?? identifier;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidSchemaDescription, location, displayName));
            }

            var primary = FindPrimaryConstructor(type, cancellationToken);
            if (type.IsAbstract)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoUsableConstructor, identifier, displayName, "it is abstract"));
            }
            else if (primary is null && !HasParameterlessConstructor(type))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoUsableConstructor, identifier, displayName, "it has neither a primary constructor nor a parameterless constructor"));
            }

            var members = new MemberCollector(type, displayName, asDeclared, diagnostics, cancellationToken);
            members.Collect(primary);
            members.CheckSchema();

            bool hasErrors = false;
            foreach (var diagnostic in diagnostics)
            {
                hasErrors |= diagnostic.Descriptor.DefaultSeverity == DiagnosticSeverity.Error;
            }

            PackableModel? model = null;
            LockCheckTarget? lockTarget = null;
            if (!hasErrors)
            {
                var hierarchy = BuildHierarchy(type);
                var schema = SchemaShapes.Build(BuildLockKey(type), type.Name, version, description, members.Fields);
                model = new PackableModel(
                    hierarchy,
                    SymbolExtensions.EscapeIdentifier(type.Name),
                    type.ToFullyQualified(),
                    type.Name,
                    version,
                    BuildHintName(type),
                    type.IsValueType,
                    primary is not null,
                    members.ConstructorArguments.ToEquatableArray(),
                    members.Fields.ToEquatableArray(),
                    schema,
                    FindExplicitMembers(type));
                var versionLocation = attribute is null ? null : FindNamedArgument(attribute, "Version", cancellationToken);
                lockTarget = new LockCheckTarget(schema, displayName, identifier, versionLocation ?? identifier);
            }

            return new ParseResult(model, diagnostics.ToEquatableArray(), lockTarget);

            static ParseResult Fail(DiagnosticInfo diagnostic) => new(null, new[] { diagnostic }.ToEquatableArray());
        }

        private static bool IsFirstAttributedDeclaration(GeneratorAttributeSyntaxContext context, TypeDeclarationSyntax declaration)
        {
            var attribute = context.TargetSymbol.FindAttribute(AtdataNamespace, "PackableAttribute");
            var reference = attribute?.ApplicationSyntaxReference;
            return reference is null
                || (reference.SyntaxTree == declaration.SyntaxTree && declaration.AttributeLists.FullSpan.Contains(reference.Span));
        }

        private static void CheckContainingTypes(INamedTypeSymbol type, TypeDeclarationSyntax declaration, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            var syntax = declaration.Parent as TypeDeclarationSyntax;
            for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
            {
                if (!containing.IsDeclaredPartial(cancellationToken))
                {
                    var location = syntax?.Identifier.GetLocation() ?? declaration.Identifier.GetLocation();
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContainingTypeMustBePartial, location, type.Name, containing.Name));
                }

                syntax = syntax?.Parent as TypeDeclarationSyntax;
            }
        }

        private static bool IsFileLocal(INamedTypeSymbol type)
        {
            for (var t = type; t is not null; t = t.ContainingType)
            {
                if (t.IsFileLocal)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsGeneric(INamedTypeSymbol type)
        {
            for (var t = type; t is not null; t = t.ContainingType)
            {
                if (t.TypeParameters.Length > 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static string ReadVersion(AttributeData? attribute, string displayName, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            if (attribute is null)
            {
                return DefaultVersion;
            }

            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key != "Version")
                {
                    continue;
                }

                if (argument.Value.Value is not string text)
                {
                    return DefaultVersion;
                }

                if (!IsStrictSemver(text))
                {
                    var location = FindNamedArgument(attribute, "Version", cancellationToken) ?? Location.None;
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidSchemaVersion, location, displayName, text));
                }

                return text;
            }

            return DefaultVersion;
        }

        /// <summary>
        /// The schema description: <c>[Packable(Description = …)]</c> exactly as written, or <see langword="null"/>.
        /// Doc comments are deliberately not read: the description is part of the schema CID, which must not
        /// change when comments are edited.
        /// </summary>
        private static string? ReadDescription(AttributeData? attribute)
        {
            if (attribute is not null)
            {
                foreach (var argument in attribute.NamedArguments)
                {
                    if (argument.Key == "Description" && argument.Value.Value is string text)
                    {
                        return text;
                    }
                }
            }

            return null;
        }

        private static bool HasUnpairedSurrogate(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(text[i]))
                {
                    return true;
                }
            }

            return false;
        }

        private static EquatableArray<string> FindExplicitMembers(INamedTypeSymbol type)
        {
            var names = new List<string>();
            foreach (string name in s_interfaceProperties)
            {
                if (type.MemberNames.Contains(name))
                {
                    names.Add(name);
                }
            }

            return names.ToEquatableArray();
        }

        /// <summary>The lock key: namespace, containing types and type name, dotted, without escaping.</summary>
        private static string BuildLockKey(INamedTypeSymbol type)
        {
            var parts = new List<string>();
            for (var t = type; t is not null; t = t.ContainingType)
            {
                parts.Insert(0, t.Name);
            }

            string ns = type.ContainingNamespace.ToNamespaceText();
            if (ns.Length > 0)
            {
                parts.Insert(0, ns);
            }

            return string.Join(".", parts);
        }

        private static int ReadNaming(AttributeData? attribute)
        {
            if (attribute is not null)
            {
                foreach (var argument in attribute.NamedArguments)
                {
                    if (argument.Key == "Naming" && argument.Value.Value is int value)
                    {
                        return value;
                    }
                }
            }

            return 0;
        }

        private static Location? FindNamedArgument(AttributeData attribute, string name, CancellationToken cancellationToken)
        {
            if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList: { } list })
            {
                foreach (var argument in list.Arguments)
                {
                    if (argument.NameEquals?.Name.Identifier.ValueText == name)
                    {
                        return argument.Expression.GetLocation();
                    }
                }
            }

            return null;
        }

        /// <summary>Strict semantic version: three dot-separated non-negative integers without leading zeros.</summary>
        internal static bool IsStrictSemver(string text) => SemanticVersion.TryParse(text, out _);

        private static IMethodSymbol? FindPrimaryConstructor(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not RecordDeclarationSyntax { ParameterList: { Parameters.Count: > 0 } parameterList })
                {
                    continue;
                }

                foreach (var constructor in type.InstanceConstructors)
                {
                    if (constructor.Parameters.Length != parameterList.Parameters.Count)
                    {
                        continue;
                    }

                    foreach (var parameterReference in constructor.Parameters[0].DeclaringSyntaxReferences)
                    {
                        if (parameterReference.GetSyntax(cancellationToken).Parent == parameterList)
                        {
                            return constructor;
                        }
                    }
                }
            }

            return null;
        }

        private static bool HasParameterlessConstructor(INamedTypeSymbol type)
        {
            if (type.IsValueType)
            {
                return true;
            }

            foreach (var constructor in type.InstanceConstructors)
            {
                if (constructor.Parameters.Length == 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static TypeHierarchy BuildHierarchy(INamedTypeSymbol type)
        {
            var containing = new List<ContainingTypeModel>();
            for (var t = type.ContainingType; t is not null; t = t.ContainingType)
            {
                containing.Insert(0, new ContainingTypeModel(DeclarationKeyword(t), SymbolExtensions.EscapeIdentifier(t.Name), t.Name));
            }

            return new TypeHierarchy(type.ContainingNamespace.ToNamespaceCode(), containing.ToEquatableArray());
        }

        private static string DeclarationKeyword(INamedTypeSymbol type)
        {
            if (type.IsRecord)
            {
                return type.IsValueType ? "partial record struct" : "partial record";
            }

            return type.TypeKind switch
            {
                TypeKind.Struct when type.IsRefLikeType => "ref partial struct",
                TypeKind.Struct => "partial struct",
                TypeKind.Interface => "partial interface",
                _ => "partial class",
            };
        }

        /// <summary>
        /// <c>{Namespace}.{Outer}.{Type}.Packable.g.cs</c>, with every character other than ASCII letters,
        /// digits, <c>_</c> and <c>.</c> replaced by <c>_</c>. Names that still collide (case-insensitively,
        /// as Roslyn compares them) are made unique by the emit step.
        /// </summary>
        private static string BuildHintName(INamedTypeSymbol type)
        {
            var builder = new StringBuilder();
            foreach (char c in BuildLockKey(type))
            {
                bool safe = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.';
                builder.Append(safe ? c : '_');
            }

            return builder.Append(".Packable.g.cs").ToString();
        }

        /// <summary>Walks the members of the type in wire order and builds the field models.</summary>
        private sealed class MemberCollector
        {
            private readonly INamedTypeSymbol _type;
            private readonly string _typeName;
            private readonly bool _asDeclared;
            private readonly List<DiagnosticInfo> _diagnostics;
            private readonly CancellationToken _cancellationToken;
            private readonly Dictionary<string, string> _wireNames = new(System.StringComparer.Ordinal);
            private readonly HashSet<string> _serialized = new(System.StringComparer.Ordinal);

            public MemberCollector(INamedTypeSymbol type, string typeName, bool asDeclared, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
            {
                _type = type;
                _typeName = typeName;
                _asDeclared = asDeclared;
                _diagnostics = diagnostics;
                _cancellationToken = cancellationToken;
            }

            public List<FieldModel> Fields { get; } = new();

            public List<ConstructorArgumentModel> ConstructorArguments { get; } = new();

            /// <summary>Where each field's wire name is set (the member, or its <c>[Field]</c> argument), by field index.</summary>
            private List<Location> NameLocations { get; } = new();

            /// <summary>Where each field's type is written, by field index.</summary>
            private List<Location> TypeLocations { get; } = new();

            /// <summary>
            /// Schema rules on the collected fields: field-ID collisions (ATD0100), an optional field before a
            /// required one (ATD0102) and dictionary fields, which Python schemas cannot describe (ATD0103).
            /// </summary>
            public void CheckSchema()
            {
                var ids = new Dictionary<uint, int>();
                string? firstOptional = null;
                bool orderReported = false;
                for (int i = 0; i < Fields.Count; i++)
                {
                    var field = Fields[i];
                    if (WireNames.Validate(field.WireName) is null)
                    {
                        // Invalid names are ATD0052 already; equal names are ATD0051.
                        uint id = FieldId.Compute(field.WireName);
                        if (!ids.TryGetValue(id, out int other))
                        {
                            ids.Add(id, i);
                        }
                        else if (Fields[other].WireName != field.WireName)
                        {
                            string hex = "0x" + id.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
                            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FieldIdCollision, NameLocations[i], _typeName, Fields[other].WireName, field.WireName, hex));
                        }
                    }

                    if (field.Shape.IsNullable)
                    {
                        firstOptional ??= field.WireName;
                    }
                    else if (firstOptional is not null && !orderReported)
                    {
                        orderReported = true;
                        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OptionalBeforeRequired, NameLocations[i], _typeName, field.WireName, firstOptional));
                    }

                    if (field.Shape.IsMap)
                    {
                        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MapFieldNotInPythonSchemas, TypeLocations[i], _typeName, field.ClrName.TrimStart('@'), field.WireName));
                    }
                }
            }

            public void Collect(IMethodSymbol? primary)
            {
                var positionalNames = new HashSet<string>(System.StringComparer.Ordinal);
                if (primary is not null)
                {
                    foreach (var parameter in primary.Parameters)
                    {
                        _cancellationToken.ThrowIfCancellationRequested();
                        positionalNames.Add(parameter.Name);
                        AddPositional(parameter);
                    }
                }

                foreach (var member in _type.GetMembers())
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    if (member is IPropertySymbol property && !positionalNames.Contains(property.Name) && IsSerializedProperty(property))
                    {
                        AddProperty(property);
                    }
                }

                foreach (var member in _type.GetMembers())
                {
                    bool required = member switch
                    {
                        IPropertySymbol p => p.IsRequired,
                        IFieldSymbol f => f.IsRequired,
                        _ => false,
                    };
                    if (required && !_serialized.Contains(member.Name))
                    {
                        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RequiredMemberNotSerialized, FirstLocation(member), _typeName, member.Name));
                    }
                }
            }

            private static bool IsSerializedProperty(IPropertySymbol property)
                => !property.IsStatic
                && !property.IsIndexer
                && !property.IsImplicitlyDeclared
                && property.DeclaredAccessibility == Accessibility.Public
                && property.GetMethod is not null
                && property.SetMethod is not null
                && property.ExplicitInterfaceImplementations.IsEmpty
                && property.FindAttribute(AtdataNamespace, "SkipFieldAttribute") is null;

            private void AddPositional(IParameterSymbol parameter)
            {
                IPropertySymbol? property = null;
                foreach (var member in _type.GetMembers(parameter.Name))
                {
                    if (member is IPropertySymbol { IsStatic: false } p)
                    {
                        property = p;
                        break;
                    }
                }

                if (property?.FindAttribute(AtdataNamespace, "SkipFieldAttribute") is not null)
                {
                    ConstructorArguments.Add(new ConstructorArgumentModel(-1, parameter.Type.ToFullyQualified()));
                    return;
                }

                var syntax = FirstSyntax(parameter) as ParameterSyntax;
                var fieldAttribute = parameter.FindAttribute(AtdataNamespace, "FieldAttribute")
                    ?? property?.FindAttribute(AtdataNamespace, "FieldAttribute");
                var typeLocation = syntax?.Type?.GetLocation() ?? FirstLocation(parameter);
                int index = Add(parameter.Name, parameter.Type, fieldAttribute, FirstLocation(parameter), typeLocation, isPositional: true);
                ConstructorArguments.Add(new ConstructorArgumentModel(index, parameter.Type.ToFullyQualified()));
            }

            private void AddProperty(IPropertySymbol property)
            {
                var syntax = FirstSyntax(property) as PropertyDeclarationSyntax;
                var fieldAttribute = property.FindAttribute(AtdataNamespace, "FieldAttribute");
                var typeLocation = syntax?.Type.GetLocation() ?? FirstLocation(property);
                int index = Add(property.Name, property.Type, fieldAttribute, FirstLocation(property), typeLocation, isPositional: false);
                if (index >= 0 && syntax?.Initializer is not null && !property.IsRequired && Fields[index].Shape.IsNullable)
                {
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InitializerIgnoredOnRead, syntax.Initializer.GetLocation(), _typeName, property.Name, Fields[index].WireName));
                }
            }

            /// <summary>Adds one field and returns its index, or -1 when its type is unsupported.</summary>
            private int Add(string name, ITypeSymbol type, AttributeData? fieldAttribute, Location memberLocation, Location typeLocation, bool isPositional)
            {
                _serialized.Add(name);
                string wireName;
                Location nameLocation = memberLocation;
                if (fieldAttribute is not null)
                {
                    wireName = fieldAttribute.ConstructorArguments.Length == 1 && fieldAttribute.ConstructorArguments[0].Value is string explicitName
                        ? explicitName
                        : string.Empty;
                    if (fieldAttribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is AttributeSyntax { ArgumentList.Arguments.Count: > 0 } attributeSyntax)
                    {
                        nameLocation = attributeSyntax.ArgumentList.Arguments[0].GetLocation();
                    }
                }
                else
                {
                    wireName = _asDeclared ? name : WireNames.ToSnakeCase(name);
                }

                string? problem = WireNames.Validate(wireName);
                if (problem is not null)
                {
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidWireName, nameLocation, _typeName, name, wireName, problem));
                }
                else if (_wireNames.TryGetValue(wireName, out string? other))
                {
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateWireName, nameLocation, _typeName, name, wireName, other));
                }
                else
                {
                    _wireNames.Add(wireName, name);
                }

                var shape = ShapeAnalyzer.Analyze(type, allowCollection: true);
                if (shape is null)
                {
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedFieldType, typeLocation, _typeName, name, type.ToDisplayString()));
                    return -1;
                }

                Fields.Add(new FieldModel(SymbolExtensions.EscapeIdentifier(name), wireName, shape, isPositional));
                NameLocations.Add(nameLocation);
                TypeLocations.Add(typeLocation);
                return Fields.Count - 1;
            }

            private SyntaxNode? FirstSyntax(ISymbol symbol)
                => symbol.DeclaringSyntaxReferences.Length > 0 ? symbol.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) : null;

            private static Location FirstLocation(ISymbol symbol)
                => symbol.Locations.Length > 0 ? symbol.Locations[0] : Location.None;
        }
    }
}
