using System.Collections.Immutable;
using System.Globalization;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace LiquidFlight.NanoGate;

/// <summary>The outcome of checking one assembly, with the counts that show how much was looked at.</summary>
public sealed record GateResult(
    string Assembly, IReadOnlyList<Violation> Violations, int TypesChecked, int MethodsChecked, int InstructionsChecked)
{
    public bool Passed => Violations.Count == 0;
}

/// <summary>
/// Reads a compiled assembly (metadata tables, signatures and method-body IL) and reports every construct in
/// <see cref="NanoRules.Table"/>, naming the type and member that holds it. Definitions are walked first so each
/// finding is tied to the member that uses it; a final sweep of the reference tables catches what no member
/// body mentions (attributes, interface maps), so nothing referenced by the assembly escapes.
/// </summary>
public sealed class AssemblyGate
{
    private const string ModuleScope = "<module>";

    private readonly PEReader peReader;
    private readonly SourceLocator sources;
    private readonly MetadataReader reader;
    private readonly TypeShapeProvider shapes;
    private readonly ValueTypeClassifier classifier;
    private readonly LocalKindProvider localKinds;
    private readonly string assembly;
    private readonly List<Violation> violations = [];
    private readonly HashSet<string> reported = [];
    private readonly Dictionary<EntityHandle, (string Name, ImmutableArray<ShapeIssue> Issues)> referenceCache = [];
    private MethodDefinitionHandle currentMethod;
    private int types;
    private int methods;
    private int instructions;

    private AssemblyGate(PEReader peReader, SourceLocator sources, string assembly, ValueTypeClassifier classifier)
    {
        this.peReader = peReader;
        this.sources = sources;
        reader = peReader.GetMetadataReader();
        shapes = new TypeShapeProvider(reader);
        this.classifier = classifier;
        localKinds = new LocalKindProvider(classifier);
        this.assembly = assembly;
    }

    /// <summary>
    /// Checks the assembly at <paramref name="path"/>; with a portable PDB beside it (or embedded), findings inside
    /// methods carry their source line.
    /// </summary>
    /// <param name="references">
    /// The assemblies it was compiled against (mscorlib, device libraries, Core), read to tell a referenced struct
    /// from an enum; a value-type local whose type cannot be found there is reported as a struct.
    /// </param>
    /// <exception cref="BadImageFormatException">The file (or a reference) is not a .NET assembly.</exception>
    public static GateResult Check(string path, IEnumerable<string>? references = null)
    {
        using var stream = File.OpenRead(path);
        using var peReader = OpenImage(stream, Path.GetFileName(path));
        using var sources = SourceLocator.Open(peReader, path);
        var streams = (references ?? []).Select(r => (Stream)File.OpenRead(r)).ToList();
        try
        {
            return Run(peReader, sources, Path.GetFileName(path), streams);
        }
        finally
        {
            streams.ForEach(s => s.Dispose());
        }
    }

    /// <summary>Checks an assembly image; <paramref name="assemblyName"/> is the name printed in each violation.</summary>
    /// <exception cref="BadImageFormatException">The image is not a .NET assembly.</exception>
    public static GateResult Check(Stream image, string assemblyName, params Stream[] references)
    {
        using var peReader = OpenImage(image, assemblyName);
        return Run(peReader, SourceLocator.None, assemblyName, references);
    }

    private static PEReader OpenImage(Stream image, string assemblyName)
    {
        var peReader = new PEReader(image, PEStreamOptions.PrefetchEntireImage);
        if (!peReader.HasMetadata)
        {
            peReader.Dispose();
            throw new BadImageFormatException($"{assemblyName} has no .NET metadata");
        }
        return peReader;
    }

    private static GateResult Run(PEReader peReader, SourceLocator sources, string assemblyName, IEnumerable<Stream> references)
    {
        using var classifier = new ValueTypeClassifier(peReader.GetMetadataReader(), references);
        var gate = new AssemblyGate(peReader, sources, assemblyName, classifier);
        gate.Run();
        return new GateResult(assemblyName, gate.violations, gate.types, gate.methods, gate.instructions);
    }

    private void Run()
    {
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            CheckType(typeHandle);
        }
        SweepReferenceTables();
    }

    private void CheckType(TypeDefinitionHandle handle)
    {
        types++;
        var type = reader.GetTypeDefinition(handle);
        string typeName = MetadataNames.TypeName(reader, handle);

        var genericParameters = type.GetGenericParameters();
        if (genericParameters.Count > 0)
        {
            Report(typeName, null, NanoRule.GenericTypeDefinition, "type parameters <" + GenericParameterNames(genericParameters) + ">");
        }
        if (!type.BaseType.IsNil)
        {
            ReportShape(typeName, null, "base type", shapes.Decode(type.BaseType));
        }
        foreach (var implementation in type.GetInterfaceImplementations())
        {
            ReportShape(typeName, null, "implements", shapes.Decode(reader.GetInterfaceImplementation(implementation).Interface));
        }
        foreach (var fieldHandle in type.GetFields())
        {
            var field = reader.GetFieldDefinition(fieldHandle);
            ReportShape(typeName, reader.GetString(field.Name), "field type", field.DecodeSignature(shapes, null));
        }
        foreach (var eventHandle in type.GetEvents())
        {
            var evt = reader.GetEventDefinition(eventHandle);
            ReportShape(typeName, reader.GetString(evt.Name), "event type", shapes.Decode(evt.Type));
        }
        foreach (var methodHandle in type.GetMethods())
        {
            CheckMethod(typeName, methodHandle);
            currentMethod = default;
        }
    }

    private void CheckMethod(string typeName, MethodDefinitionHandle handle)
    {
        methods++;
        currentMethod = handle;
        var method = reader.GetMethodDefinition(handle);
        string name = reader.GetString(method.Name);

        var genericParameters = method.GetGenericParameters();
        if (genericParameters.Count > 0)
        {
            Report(typeName, name, NanoRule.GenericMethodDefinition, "type parameters <" + GenericParameterNames(genericParameters) + ">");
        }

        var signature = method.DecodeSignature(shapes, null);
        var parameterNames = new Dictionary<int, string>();
        foreach (var parameterHandle in method.GetParameters())
        {
            var parameter = reader.GetParameter(parameterHandle);
            parameterNames[parameter.SequenceNumber] = reader.GetString(parameter.Name);
        }
        ReportShape(typeName, name, "returns", signature.ReturnType);
        for (int i = 0; i < signature.ParameterTypes.Length; i++)
        {
            string label = parameterNames.TryGetValue(i + 1, out var parameterName) ? $"parameter '{parameterName}'" : $"parameter {i + 1}";
            ReportShape(typeName, name, label, signature.ParameterTypes[i]);
        }

        if (method.RelativeVirtualAddress == 0)
        {
            return; // abstract, extern or runtime-implemented: no body
        }
        var body = peReader.GetMethodBody(method.RelativeVirtualAddress);
        if (!body.LocalSignature.IsNil)
        {
            var localSignature = reader.GetStandaloneSignature(body.LocalSignature);
            var locals = localSignature.DecodeLocalSignature(shapes, null);
            for (int i = 0; i < locals.Length; i++)
            {
                ReportShape(typeName, name, $"local {i}", locals[i]);
            }
            var kinds = localSignature.DecodeLocalSignature(localKinds, null);
            for (int i = 0; i < kinds.Length; i++)
            {
                if (kinds[i].Kind is TypeKind.Struct or TypeKind.Unresolved)
                {
                    string unresolved = kinds[i].Kind == TypeKind.Unresolved ? ", a value type whose assembly was not given to tell struct from enum" : "";
                    Report(typeName, name, NanoRule.StructLocal, $"local {i}: {kinds[i].Name}{unresolved}");
                }
            }
        }
        foreach (var instruction in IlReader.Read(body))
        {
            instructions++;
            CheckInstruction(typeName, name, instruction);
        }
    }

    private void CheckInstruction(string typeName, string member, IlInstruction instruction)
    {
        var opCode = instruction.OpCode;
        if (opCode == OpCodes.Ldc_R4 || opCode == OpCodes.Ldc_R8)
        {
            Report(typeName, member, NanoRule.FloatingPointConstant,
                instruction.Location + " " + instruction.RealOperand.ToString("R", CultureInfo.InvariantCulture), instruction.Offset);
        }
        else if (opCode == OpCodes.Conv_R4 || opCode == OpCodes.Conv_R8 || opCode == OpCodes.Conv_R_Un)
        {
            Report(typeName, member, NanoRule.FloatingPointConversion, instruction.Location, instruction.Offset);
        }
        else if (FloatOnlyOpCodes.Contains(opCode))
        {
            Report(typeName, member, NanoRule.FloatingPointInstruction, instruction.Location, instruction.Offset);
        }

        if (instruction.Token.IsNil)
        {
            return;
        }
        var (referenced, issues) = DescribeToken(instruction.Token);
        if (opCode == OpCodes.Box)
        {
            Report(typeName, member, NanoRule.Boxing, $"{instruction.Location} {referenced}", instruction.Offset);
        }
        else if (opCode == OpCodes.Newobj && classifier.ClassifyDeclaringType(instruction.Token) == TypeKind.Struct)
        {
            Report(typeName, member, NanoRule.StructAllocation, $"{instruction.Location} {referenced}", instruction.Offset);
        }
        else if (opCode == OpCodes.Initobj && classifier.Classify(instruction.Token) is TypeKind.Struct or TypeKind.Unresolved)
        {
            Report(typeName, member, NanoRule.StructAllocation, $"{instruction.Location} {referenced}", instruction.Offset);
        }
        foreach (var issue in issues)
        {
            Report(typeName, member, issue.Rule, $"{instruction.Location} {referenced}: {issue.What}", instruction.Offset);
        }
    }

    private static readonly HashSet<OpCode> FloatOnlyOpCodes =
    [
        OpCodes.Ldind_R4, OpCodes.Ldind_R8, OpCodes.Stind_R4, OpCodes.Stind_R8,
        OpCodes.Ldelem_R4, OpCodes.Ldelem_R8, OpCodes.Stelem_R4, OpCodes.Stelem_R8, OpCodes.Ckfinite,
    ];

    /// <summary>What a token in IL or a reference table names, and every refused construct inside it.</summary>
    private (string Name, ImmutableArray<ShapeIssue> Issues) DescribeToken(EntityHandle handle)
    {
        if (referenceCache.TryGetValue(handle, out var cached))
        {
            return cached;
        }
        var described = handle.Kind switch
        {
            HandleKind.TypeReference or HandleKind.TypeSpecification or HandleKind.TypeDefinition => FromShape(shapes.Decode(handle)),
            HandleKind.MemberReference => DescribeMemberReference((MemberReferenceHandle)handle),
            HandleKind.MethodSpecification => DescribeMethodSpecification((MethodSpecificationHandle)handle),
            HandleKind.StandaloneSignature => DescribeStandaloneSignature((StandaloneSignatureHandle)handle),
            HandleKind.MethodDefinition => (MetadataNames.MethodName(reader, (MethodDefinitionHandle)handle), ImmutableArray<ShapeIssue>.Empty),
            HandleKind.FieldDefinition => (MetadataNames.FieldName(reader, (FieldDefinitionHandle)handle), ImmutableArray<ShapeIssue>.Empty),
            _ => (handle.Kind.ToString(), ImmutableArray<ShapeIssue>.Empty),
        };
        shapes.Visited.Add(handle);
        referenceCache[handle] = described;
        return described;
    }

    private static (string, ImmutableArray<ShapeIssue>) FromShape(TypeShape shape) => (shape.Name, shape.Issues);

    private (string, ImmutableArray<ShapeIssue>) DescribeMemberReference(MemberReferenceHandle handle)
    {
        var reference = reader.GetMemberReference(handle);
        string parentName;
        var issues = ImmutableArray<ShapeIssue>.Empty;
        switch (reference.Parent.Kind)
        {
            case HandleKind.TypeReference:
            case HandleKind.TypeSpecification:
            case HandleKind.TypeDefinition:
                var parent = shapes.Decode(reference.Parent);
                parentName = parent.Name;
                issues = issues.AddRange(parent.Issues);
                break;
            case HandleKind.MethodDefinition:
                parentName = MetadataNames.MethodName(reader, (MethodDefinitionHandle)reference.Parent);
                break;
            default:
                parentName = reference.Parent.Kind.ToString();
                break;
        }
        if (reference.GetKind() == MemberReferenceKind.Method)
        {
            var signature = reference.DecodeMethodSignature(shapes, null);
            issues = issues.AddRange(signature.ReturnType.Issues);
            foreach (var parameter in signature.ParameterTypes)
            {
                issues = issues.AddRange(parameter.Issues);
            }
        }
        else
        {
            issues = issues.AddRange(reference.DecodeFieldSignature(shapes, null).Issues);
        }
        shapes.Visited.Add(handle);
        return (parentName + "::" + reader.GetString(reference.Name), Distinct(issues));
    }

    private (string, ImmutableArray<ShapeIssue>) DescribeMethodSpecification(MethodSpecificationHandle handle)
    {
        var specification = reader.GetMethodSpecification(handle);
        var (methodName, methodIssues) = DescribeToken(specification.Method);
        var arguments = specification.DecodeSignature(shapes, null);
        string name = methodName + "<" + string.Join(",", arguments.Select(a => a.Name)) + ">";
        var issues = ImmutableArray.Create(new ShapeIssue(NanoRule.GenericInstantiation, "generic method instance " + name))
            .AddRange(methodIssues);
        foreach (var argument in arguments)
        {
            issues = issues.AddRange(argument.Issues);
        }
        return (name, Distinct(issues));
    }

    private (string, ImmutableArray<ShapeIssue>) DescribeStandaloneSignature(StandaloneSignatureHandle handle)
    {
        var signature = reader.GetStandaloneSignature(handle);
        if (signature.GetKind() != StandaloneSignatureKind.Method)
        {
            return ("local signature", ImmutableArray<ShapeIssue>.Empty);
        }
        var method = signature.DecodeMethodSignature(shapes, null);
        var issues = method.ReturnType.Issues;
        foreach (var parameter in method.ParameterTypes)
        {
            issues = issues.AddRange(parameter.Issues);
        }
        return ("calli signature", Distinct(issues));
    }

    /// <summary>
    /// Reports references that no definition or method body led to, e.g. an attribute constructor taking a double
    /// or a forbidden type named only in a custom attribute.
    /// </summary>
    private void SweepReferenceTables()
    {
        var handles = new List<EntityHandle>();
        handles.AddRange(reader.TypeReferences.Select(h => (EntityHandle)h));
        handles.AddRange(Rows(TableIndex.TypeSpec).Select(row => (EntityHandle)MetadataTokens.TypeSpecificationHandle(row)));
        handles.AddRange(reader.MemberReferences.Select(h => (EntityHandle)h));
        handles.AddRange(Rows(TableIndex.MethodSpec).Select(row => (EntityHandle)MetadataTokens.MethodSpecificationHandle(row)));
        foreach (var handle in handles)
        {
            if (shapes.Visited.Contains(handle))
            {
                continue;
            }
            var (name, issues) = DescribeToken(handle);
            foreach (var issue in issues)
            {
                Report(ModuleScope, null, issue.Rule, $"referenced outside any method body: {name}: {issue.What}");
            }
        }
    }

    private IEnumerable<int> Rows(TableIndex table) => Enumerable.Range(1, reader.GetTableRowCount(table));

    private void ReportShape(string typeName, string? member, string context, TypeShape shape)
    {
        foreach (var issue in Distinct(shape.Issues))
        {
            // "float64[] contains float64": the declared type as written, then the part that is refused.
            string detail = issue.What == shape.Name ? $"{context}: {shape.Name}" : $"{context}: {shape.Name} contains {issue.What}";
            Report(typeName, member, issue.Rule, detail);
        }
    }

    /// <summary>
    /// Records a finding; inside a method it is located at the statement holding <paramref name="ilOffset"/>, or
    /// at the method's first statement for signature and locals findings.
    /// </summary>
    private void Report(string typeName, string? member, NanoRule rule, string detail, int? ilOffset = null)
    {
        var violation = new Violation(assembly, typeName, member, rule, detail)
        {
            Source = currentMethod.IsNil ? null : sources.Locate(currentMethod, ilOffset),
        };
        if (reported.Add(violation.ToString()))
        {
            violations.Add(violation);
        }
    }

    private static ImmutableArray<ShapeIssue> Distinct(ImmutableArray<ShapeIssue> issues) =>
        issues.Length < 2 ? issues : [.. issues.Distinct()];

    private string GenericParameterNames(GenericParameterHandleCollection parameters) =>
        string.Join(",", parameters.Select(p => reader.GetString(reader.GetGenericParameter(p).Name)));
}
