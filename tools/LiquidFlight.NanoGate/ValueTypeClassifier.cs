using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace LiquidFlight.NanoGate;

/// <summary>What a type is, as far as nanoCLR's value-type handling is concerned.</summary>
public enum TypeKind
{
    /// <summary>A class, interface, delegate or array: its values are references.</summary>
    Reference,

    /// <summary>An enum: held like its underlying integer, never copied onto the heap.</summary>
    Enum,

    /// <summary>A struct (other than the primitives, which signatures encode by element type).</summary>
    Struct,

    /// <summary>The defining assembly was not given (see <c>--reference</c>), so struct and enum cannot be told apart.</summary>
    Unresolved,
}

/// <summary>
/// Tells structs from enums and classes by reading the base type in the defining assembly's metadata: the checked
/// assembly itself or one of the reference assemblies it was compiled against. nanoCLR keeps every struct value on
/// the managed heap, so the gate needs to know which types are structs; an enum is stored as its integer.
/// </summary>
public sealed class ValueTypeClassifier : IDisposable
{
    private readonly MetadataReader self;
    private readonly string selfName;
    private readonly List<PEReader> owned = [];
    private readonly Dictionary<string, MetadataReader> byAssemblyName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<MetadataReader, Dictionary<(string, string), TypeDefinitionHandle>> topLevelTypes = [];

    /// <param name="self">The checked assembly.</param>
    /// <param name="references">Reference assembly images (mscorlib, device libraries, Core).</param>
    public ValueTypeClassifier(MetadataReader self, IEnumerable<Stream> references)
    {
        this.self = self;
        selfName = self.IsAssembly ? self.GetString(self.GetAssemblyDefinition().Name) : "";
        foreach (var stream in references)
        {
            var pe = new PEReader(stream, PEStreamOptions.PrefetchEntireImage);
            if (!pe.HasMetadata)
            {
                pe.Dispose();
                throw new BadImageFormatException("a reference assembly has no .NET metadata");
            }
            owned.Add(pe);
            var reader = pe.GetMetadataReader();
            if (reader.IsAssembly)
            {
                byAssemblyName.TryAdd(reader.GetString(reader.GetAssemblyDefinition().Name), reader);
            }
        }
    }

    public TypeKind Classify(EntityHandle handle) => handle.Kind switch
    {
        HandleKind.TypeDefinition => ClassifyDefinition(self, (TypeDefinitionHandle)handle),
        HandleKind.TypeReference => ClassifyReference(self, (TypeReferenceHandle)handle),
        HandleKind.TypeSpecification => ClassifySpecification((TypeSpecificationHandle)handle),
        _ => TypeKind.Reference,
    };

    /// <summary>The type that declares a constructor token of newobj (MethodDef or MemberRef).</summary>
    public TypeKind ClassifyDeclaringType(EntityHandle method)
    {
        switch (method.Kind)
        {
            case HandleKind.MethodDefinition:
                return ClassifyDefinition(self, self.GetMethodDefinition((MethodDefinitionHandle)method).GetDeclaringType());
            case HandleKind.MemberReference:
                var parent = self.GetMemberReference((MemberReferenceHandle)method).Parent;
                return parent.Kind is HandleKind.TypeDefinition or HandleKind.TypeReference or HandleKind.TypeSpecification
                    ? Classify(parent)
                    : TypeKind.Reference;
            default:
                return TypeKind.Reference;
        }
    }

    private TypeKind ClassifySpecification(TypeSpecificationHandle handle)
    {
        // A generic instance: its kind is the kind of the generic type (refused as generic anyway).
        var blob = self.GetBlobReader(self.GetTypeSpecification(handle).Signature);
        var code = blob.ReadSignatureTypeCode();
        if (code == SignatureTypeCode.GenericTypeInstance)
        {
            var kind = blob.ReadSignatureTypeCode();
            return kind == (SignatureTypeCode)0x11 ? TypeKind.Struct : TypeKind.Reference; // ELEMENT_TYPE_VALUETYPE
        }
        return TypeKind.Reference;
    }

    private static TypeKind ClassifyDefinition(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        if (type.BaseType.IsNil)
        {
            return TypeKind.Reference;
        }
        string baseName = FullName(reader, type.BaseType);
        string name = reader.GetString(type.Namespace) + "." + reader.GetString(type.Name);
        if (baseName == "System.Enum")
        {
            return TypeKind.Enum;
        }
        // System.Enum itself derives from ValueType but is a reference when used as a type.
        return baseName == "System.ValueType" && name != "System.Enum" ? TypeKind.Struct : TypeKind.Reference;
    }

    private TypeKind ClassifyReference(MetadataReader reader, TypeReferenceHandle handle)
    {
        var (target, definition) = Resolve(reader, handle, 0);
        return target is null ? TypeKind.Unresolved : ClassifyDefinition(target, definition);
    }

    private (MetadataReader?, TypeDefinitionHandle) Resolve(MetadataReader reader, TypeReferenceHandle handle, int depth)
    {
        if (depth > 8)
        {
            return (null, default);
        }
        var reference = reader.GetTypeReference(handle);
        string ns = reader.GetString(reference.Namespace);
        string name = reader.GetString(reference.Name);
        var scope = reference.ResolutionScope;
        switch (scope.Kind)
        {
            case HandleKind.TypeReference:
                var (outerReader, outer) = Resolve(reader, (TypeReferenceHandle)scope, depth + 1);
                if (outerReader is null)
                {
                    return (null, default);
                }
                foreach (var nested in outerReader.GetTypeDefinition(outer).GetNestedTypes())
                {
                    if (outerReader.GetString(outerReader.GetTypeDefinition(nested).Name) == name)
                    {
                        return (outerReader, nested);
                    }
                }
                return (null, default);
            case HandleKind.AssemblyReference:
                string assembly = reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name);
                var target = string.Equals(assembly, selfName, StringComparison.OrdinalIgnoreCase) ? self
                    : byAssemblyName.GetValueOrDefault(assembly);
                return target is null ? (null, default) : Find(target, ns, name, depth);
            default:
                return Find(reader, ns, name, depth);
        }
    }

    private (MetadataReader?, TypeDefinitionHandle) Find(MetadataReader reader, string ns, string name, int depth)
    {
        if (!topLevelTypes.TryGetValue(reader, out var index))
        {
            index = [];
            foreach (var handle in reader.TypeDefinitions)
            {
                var type = reader.GetTypeDefinition(handle);
                if (type.GetDeclaringType().IsNil)
                {
                    index.TryAdd((reader.GetString(type.Namespace), reader.GetString(type.Name)), handle);
                }
            }
            topLevelTypes[reader] = index;
        }
        if (index.TryGetValue((ns, name), out var found))
        {
            return (reader, found);
        }
        // A type forwarded to another assembly.
        foreach (var exportedHandle in reader.ExportedTypes)
        {
            var exported = reader.GetExportedType(exportedHandle);
            if (reader.GetString(exported.Namespace) == ns && reader.GetString(exported.Name) == name
                && exported.Implementation.Kind == HandleKind.AssemblyReference)
            {
                string assembly = reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)exported.Implementation).Name);
                var target = byAssemblyName.GetValueOrDefault(assembly);
                return target is null || depth > 8 ? (null, default) : Find(target, ns, name, depth + 1);
            }
        }
        return (null, default);
    }

    private static string FullName(MetadataReader reader, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeReference:
                var reference = reader.GetTypeReference((TypeReferenceHandle)handle);
                return reader.GetString(reference.Namespace) + "." + reader.GetString(reference.Name);
            case HandleKind.TypeDefinition:
                var definition = reader.GetTypeDefinition((TypeDefinitionHandle)handle);
                return reader.GetString(definition.Namespace) + "." + reader.GetString(definition.Name);
            default:
                return "";
        }
    }

    public void Dispose()
    {
        foreach (var pe in owned)
        {
            pe.Dispose();
        }
    }
}

/// <summary>
/// Decodes a local-variable signature into what each local is: a primitive (element type), a reference, a by-ref
/// (no copy), an enum or a struct. Only a struct held by value costs nanoCLR a heap object per method entry.
/// </summary>
public sealed class LocalKindProvider(ValueTypeClassifier classifier) : ISignatureTypeProvider<(string Name, TypeKind Kind), object?>
{
    public (string Name, TypeKind Kind) GetPrimitiveType(PrimitiveTypeCode typeCode) =>
        (typeCode.ToString(), typeCode == PrimitiveTypeCode.TypedReference ? TypeKind.Struct : TypeKind.Reference);

    public (string Name, TypeKind Kind) GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
        (MetadataNames.TypeName(reader, handle), rawTypeKind == 0x11 ? classifier.Classify(handle) : TypeKind.Reference);

    public (string Name, TypeKind Kind) GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
        (MetadataNames.TypeName(reader, handle), rawTypeKind == 0x11 ? classifier.Classify(handle) : TypeKind.Reference);

    public (string Name, TypeKind Kind) GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public (string Name, TypeKind Kind) GetSZArrayType((string Name, TypeKind Kind) elementType) => (elementType.Name + "[]", TypeKind.Reference);

    public (string Name, TypeKind Kind) GetArrayType((string Name, TypeKind Kind) elementType, ArrayShape shape) => (elementType.Name + "[,]", TypeKind.Reference);

    public (string Name, TypeKind Kind) GetByReferenceType((string Name, TypeKind Kind) elementType) => (elementType.Name + "&", TypeKind.Reference);

    public (string Name, TypeKind Kind) GetPointerType((string Name, TypeKind Kind) elementType) => (elementType.Name + "*", TypeKind.Reference);

    public (string Name, TypeKind Kind) GetPinnedType((string Name, TypeKind Kind) elementType) => elementType;

    public (string Name, TypeKind Kind) GetModifiedType((string Name, TypeKind Kind) modifier, (string Name, TypeKind Kind) unmodifiedType, bool isRequired) => unmodifiedType;

    public (string Name, TypeKind Kind) GetGenericInstantiation((string Name, TypeKind Kind) genericType, System.Collections.Immutable.ImmutableArray<(string Name, TypeKind Kind)> typeArguments) =>
        (genericType.Name + "<" + string.Join(",", typeArguments.Select(a => a.Name)) + ">", genericType.Kind);

    public (string Name, TypeKind Kind) GetGenericMethodParameter(object? genericContext, int index) => ("!!" + index, TypeKind.Reference);

    public (string Name, TypeKind Kind) GetGenericTypeParameter(object? genericContext, int index) => ("!" + index, TypeKind.Reference);

    public (string Name, TypeKind Kind) GetFunctionPointerType(MethodSignature<(string Name, TypeKind Kind)> signature) => ("method*", TypeKind.Reference);
}
