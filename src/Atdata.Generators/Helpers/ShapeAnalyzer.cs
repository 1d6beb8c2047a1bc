using Atdata.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Atdata.Generators.Helpers;

/// <summary>Maps a member type to its <see cref="ValueShape"/>, or <see langword="null"/> when a sample cannot hold it.</summary>
internal static class ShapeAnalyzer
{
    public static ValueShape? Analyze(ITypeSymbol type, bool allowCollection)
    {
        var nullable = NullableKind.None;
        var core = type;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullableType)
        {
            nullable = NullableKind.ValueType;
            core = nullableType.TypeArguments[0];
        }
        else if (type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated)
        {
            nullable = NullableKind.Reference;
            core = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        }

        string typeFqn = type.ToFullyQualified();
        string coreFqn = core.ToFullyQualified();
        bool isReference = core.IsReferenceType;

        var scalar = ScalarKind(core);
        if (scalar is { } kind)
        {
            return new ValueShape(kind, typeFqn, coreFqn, nullable, isReference, null, null, null);
        }

        if (core.TypeKind == TypeKind.Enum && core is INamedTypeSymbol { EnumUnderlyingType: { } underlying })
        {
            var underlyingKind = ScalarKind(underlying);
            return underlyingKind is null
                ? null
                : new ValueShape(underlyingKind.Value, typeFqn, coreFqn, nullable, false, coreFqn, null, null);
        }

        if (core is IArrayTypeSymbol { Rank: 1 } array)
        {
            if (array.ElementType.SpecialType == SpecialType.System_Byte)
            {
                return new ValueShape(WireKind.Binary, typeFqn, coreFqn, nullable, true, null, null, null);
            }

            return Collection(WireKind.Array, array.ElementType);
        }

        if (core is not INamedTypeSymbol named || !named.IsGenericType)
        {
            if (core.Is("Atdata", "NdArray"))
            {
                return new ValueShape(WireKind.NdArrayUntyped, typeFqn, coreFqn, nullable, true, null, null, null);
            }

            return null;
        }

        var arguments = named.TypeArguments;
        if (core.Is("System", "ReadOnlyMemory`1"))
        {
            return arguments[0].SpecialType == SpecialType.System_Byte
                ? new ValueShape(WireKind.BinaryMemory, typeFqn, coreFqn, nullable, false, null, null, null)
                : null;
        }

        if (core.Is("Atdata", "NdArray`1"))
        {
            return IsArrayElement(arguments[0])
                ? new ValueShape(WireKind.NdArray, typeFqn, coreFqn, nullable, true, null, arguments[0].ToFullyQualified(), null)
                : null;
        }

        if (core.Is("System.Collections.Generic", "List`1"))
        {
            return Collection(WireKind.List, arguments[0]);
        }

        if (core.Is("System.Collections.Generic", "IReadOnlyList`1"))
        {
            return Collection(WireKind.ReadOnlyList, arguments[0]);
        }

        if (core.Is("System.Collections.Immutable", "ImmutableArray`1"))
        {
            return Collection(WireKind.ImmutableArray, arguments[0]);
        }

        if (core.Is("System.Collections.Generic", "Dictionary`2") || core.Is("System.Collections.Generic", "IReadOnlyDictionary`2"))
        {
            if (arguments[0].SpecialType != SpecialType.System_String)
            {
                return null;
            }

            var kind2 = core.MetadataName == "Dictionary`2" ? WireKind.Dictionary : WireKind.ReadOnlyDictionary;
            return Collection(kind2, arguments[1]);
        }

        return null;

        ValueShape? Collection(WireKind kind, ITypeSymbol elementType)
        {
            if (!allowCollection)
            {
                return null;
            }

            var element = Analyze(elementType, allowCollection: false);
            if (element is null || element.IsCollection)
            {
                return null;
            }

            return new ValueShape(kind, typeFqn, coreFqn, nullable, core.IsReferenceType, null, null, element);
        }
    }

    private static WireKind? ScalarKind(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_String: return WireKind.String;
            case SpecialType.System_Boolean: return WireKind.Boolean;
            case SpecialType.System_SByte: return WireKind.SByte;
            case SpecialType.System_Byte: return WireKind.Byte;
            case SpecialType.System_Int16: return WireKind.Int16;
            case SpecialType.System_UInt16: return WireKind.UInt16;
            case SpecialType.System_Int32: return WireKind.Int32;
            case SpecialType.System_UInt32: return WireKind.UInt32;
            case SpecialType.System_Int64: return WireKind.Int64;
            case SpecialType.System_UInt64: return WireKind.UInt64;
            case SpecialType.System_Single: return WireKind.Single;
            case SpecialType.System_Double: return WireKind.Double;
        }

        return type.Is("System", "Half") ? WireKind.Half : null;
    }

    private static bool IsArrayElement(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
                return true;
        }

        return type.Is("System", "Half") || type.Is("System.Numerics", "Complex");
    }
}
