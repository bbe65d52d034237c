using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace LiquidFlight.NanoGate;

/// <summary>A problem carried by a decoded type, before it is tied to the member that uses it.</summary>
public readonly record struct ShapeIssue(NanoRule Rule, string What);

/// <summary>
/// A decoded signature type: a readable name plus every refused construct found anywhere inside it, so that
/// <c>double[,]</c> or <c>List&lt;float&gt;[]</c> reports each problem once, however deeply nested.
/// </summary>
public sealed class TypeShape(string name, ImmutableArray<ShapeIssue> issues)
{
    public string Name { get; } = name;
    public ImmutableArray<ShapeIssue> Issues { get; } = issues;

    public static TypeShape Clean(string name) => new(name, ImmutableArray<ShapeIssue>.Empty);

    public override string ToString() => Name;
}

/// <summary>
/// Decodes signature blobs into <see cref="TypeShape"/>s. Type definitions of the checked assembly carry no issue
/// here: they are checked where they are defined.
/// </summary>
public sealed class TypeShapeProvider(MetadataReader reader) : ISignatureTypeProvider<TypeShape, object?>
{
    private readonly MetadataReader reader = reader;

    /// <summary>Type references and specifications met while decoding, so the final sweep reports only the rest.</summary>
    public HashSet<EntityHandle> Visited { get; } = [];

    public TypeShape GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
    {
        PrimitiveTypeCode.Single => Issue("float32", NanoRule.FloatingPointType, "float32"),
        PrimitiveTypeCode.Double => Issue("float64", NanoRule.FloatingPointType, "float64"),
        _ => TypeShape.Clean(PrimitiveName(typeCode)),
    };

    public TypeShape GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle handle, byte rawTypeKind) =>
        TypeShape.Clean(MetadataNames.TypeName(r, handle));

    public TypeShape GetTypeFromReference(MetadataReader r, TypeReferenceHandle handle, byte rawTypeKind)
    {
        Visited.Add(handle);
        return ReferenceShape(r, handle);
    }

    public TypeShape GetTypeFromSpecification(MetadataReader r, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
    {
        Visited.Add(handle);
        return r.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
    }

    public TypeShape GetSZArrayType(TypeShape elementType) => new(elementType.Name + "[]", elementType.Issues);

    public TypeShape GetArrayType(TypeShape elementType, ArrayShape shape)
    {
        string name = elementType.Name + "[" + new string(',', shape.Rank - 1) + "]";
        // A rank-1 array encoded as ELEMENT_TYPE_ARRAY (non-zero lower bound) is just as foreign to the device.
        return new(name, elementType.Issues.Add(new ShapeIssue(NanoRule.MultiDimensionalArray, name)));
    }

    public TypeShape GetGenericInstantiation(TypeShape genericType, ImmutableArray<TypeShape> typeArguments)
    {
        string name = genericType.Name + "<" + string.Join(",", typeArguments.Select(t => t.Name)) + ">";
        var issues = genericType.Issues.Add(new ShapeIssue(NanoRule.GenericInstantiation, name));
        foreach (var argument in typeArguments)
        {
            issues = issues.AddRange(argument.Issues);
        }
        return new(name, issues);
    }

    // Generic parameters only occur inside generic definitions, which are refused where they are defined.
    public TypeShape GetGenericMethodParameter(object? genericContext, int index) => TypeShape.Clean("!!" + index);

    public TypeShape GetGenericTypeParameter(object? genericContext, int index) => TypeShape.Clean("!" + index);

    public TypeShape GetByReferenceType(TypeShape elementType) => new(elementType.Name + "&", elementType.Issues);

    public TypeShape GetPointerType(TypeShape elementType) => new(elementType.Name + "*", elementType.Issues);

    public TypeShape GetPinnedType(TypeShape elementType) => elementType;

    public TypeShape GetModifiedType(TypeShape modifier, TypeShape unmodifiedType, bool isRequired) => unmodifiedType;

    public TypeShape GetFunctionPointerType(MethodSignature<TypeShape> signature)
    {
        var issues = signature.ReturnType.Issues;
        foreach (var parameter in signature.ParameterTypes)
        {
            issues = issues.AddRange(parameter.Issues);
        }
        return new("method*", issues);
    }

    /// <summary>The shape of a referenced type: floating-point and DESIGN.md-forbidden types carry their issue.</summary>
    public static TypeShape ReferenceShape(MetadataReader r, TypeReferenceHandle handle)
    {
        var reference = r.GetTypeReference(handle);
        string ns = r.GetString(reference.Namespace);
        string simpleName = r.GetString(reference.Name);
        string name = MetadataNames.TypeName(r, handle);
        if (ns == "System" && (simpleName == "Single" || simpleName == "Double"))
        {
            return Issue(name, NanoRule.FloatingPointType, name);
        }
        var forbidden = ForbiddenTypes.Find(ns, simpleName);
        return forbidden is null
            ? TypeShape.Clean(name)
            : Issue(name, NanoRule.ForbiddenType, name + ": " + forbidden.Reason);
    }

    public TypeShape Decode(EntityHandle handle) => handle.Kind switch
    {
        HandleKind.TypeDefinition => GetTypeFromDefinition(reader, (TypeDefinitionHandle)handle, 0),
        HandleKind.TypeReference => GetTypeFromReference(reader, (TypeReferenceHandle)handle, 0),
        HandleKind.TypeSpecification => GetTypeFromSpecification(reader, null, (TypeSpecificationHandle)handle, 0),
        _ => TypeShape.Clean(handle.Kind.ToString()),
    };

    private static TypeShape Issue(string name, NanoRule rule, string what) => new(name, [new ShapeIssue(rule, what)]);

    private static string PrimitiveName(PrimitiveTypeCode code) => code switch
    {
        PrimitiveTypeCode.Boolean => "bool",
        PrimitiveTypeCode.Char => "char",
        PrimitiveTypeCode.SByte => "int8",
        PrimitiveTypeCode.Byte => "uint8",
        PrimitiveTypeCode.Int16 => "int16",
        PrimitiveTypeCode.UInt16 => "uint16",
        PrimitiveTypeCode.Int32 => "int32",
        PrimitiveTypeCode.UInt32 => "uint32",
        PrimitiveTypeCode.Int64 => "int64",
        PrimitiveTypeCode.UInt64 => "uint64",
        PrimitiveTypeCode.IntPtr => "native int",
        PrimitiveTypeCode.UIntPtr => "native uint",
        PrimitiveTypeCode.Object => "object",
        PrimitiveTypeCode.String => "string",
        PrimitiveTypeCode.Void => "void",
        PrimitiveTypeCode.TypedReference => "typedref",
        _ => code.ToString(),
    };
}
