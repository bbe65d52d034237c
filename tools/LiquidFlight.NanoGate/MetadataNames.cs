using System.Reflection.Metadata;

namespace LiquidFlight.NanoGate;

/// <summary>Readable names for metadata entities, in the form a developer searches the source for.</summary>
public static class MetadataNames
{
    /// <summary>Namespace.Outer+Inner, as reflection prints nested types.</summary>
    public static string TypeName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        string name = reader.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        if (!declaring.IsNil)
        {
            return TypeName(reader, declaring) + "+" + name;
        }
        string ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    public static string TypeName(MetadataReader reader, TypeReferenceHandle handle)
    {
        var type = reader.GetTypeReference(handle);
        string name = reader.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return TypeName(reader, (TypeReferenceHandle)type.ResolutionScope) + "+" + name;
        }
        string ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    public static string MethodName(MetadataReader reader, MethodDefinitionHandle handle)
    {
        var method = reader.GetMethodDefinition(handle);
        return TypeName(reader, method.GetDeclaringType()) + "::" + reader.GetString(method.Name);
    }

    public static string FieldName(MetadataReader reader, FieldDefinitionHandle handle)
    {
        var field = reader.GetFieldDefinition(handle);
        return TypeName(reader, field.GetDeclaringType()) + "::" + reader.GetString(field.Name);
    }
}
