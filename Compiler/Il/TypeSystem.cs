using Mono.Cecil;
using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Il;

/// <summary>
/// Turns Cecil's references into <see cref="TypeDesc"/>, <see cref="FieldDesc"/> and
/// <see cref="MethodDesc"/>, one instance per (instantiated) entity. This is the only place
/// outside <see cref="AssemblyReader"/> and <see cref="MethodBodyDecoder"/> that sees Cecil.
/// </summary>
internal sealed class TypeSystem
{
    private const string IntrinsicAttribute = "TraitsBpf.CompilerServices.BpfIntrinsicAttribute";
    private const string HelperAttribute = "TraitsBpf.CompilerServices.BpfHelperAttribute";
    private const string FixedBufferAttribute = "System.Runtime.CompilerServices.FixedBufferAttribute";
    private const string KernelTypeAttribute = "TraitsBpf.KernelTypeAttribute";
    private const string KernelFieldAttribute = "TraitsBpf.KernelFieldAttribute";
    private const string KfuncAttribute = "TraitsBpf.KfuncAttribute";
    private const string DataSectionAttribute = "TraitsBpf.DataSectionAttribute";
    private const string PinnedAttribute = "TraitsBpf.PinnedAttribute";

    private readonly Dictionary<string, TypeDesc> types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MethodDesc> methods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FieldDesc> staticFields = new(StringComparer.Ordinal);
    private readonly Dictionary<TypeDesc, TypeDefinition> definitions = [];
    private readonly Dictionary<TypeDesc, GenericContext> typeContexts = [];
    private readonly HashSet<TypeDesc> layoutInProgress = [];

    public TypeSystem()
    {
        Void = Primitive(TypeKind.Void, "System.Void", 0);
        Boolean = Primitive(TypeKind.Boolean, "System.Boolean", 1);
        Char = Primitive(TypeKind.Char, "System.Char", 2);
        SByte = Primitive(TypeKind.SByte, "System.SByte", 1);
        Byte = Primitive(TypeKind.Byte, "System.Byte", 1);
        Int16 = Primitive(TypeKind.Int16, "System.Int16", 2);
        UInt16 = Primitive(TypeKind.UInt16, "System.UInt16", 2);
        Int32 = Primitive(TypeKind.Int32, "System.Int32", 4);
        UInt32 = Primitive(TypeKind.UInt32, "System.UInt32", 4);
        Int64 = Primitive(TypeKind.Int64, "System.Int64", 8);
        UInt64 = Primitive(TypeKind.UInt64, "System.UInt64", 8);
        IntPtr = Primitive(TypeKind.IntPtr, "System.IntPtr", 8);
        UIntPtr = Primitive(TypeKind.UIntPtr, "System.UIntPtr", 8);
        Single = Primitive(TypeKind.Single, "System.Single", 4);
        Double = Primitive(TypeKind.Double, "System.Double", 8);
        String = Intern("System.String", () => new TypeDesc(TypeKind.Other, "System.String", "String", "System"));
    }

    /// <summary>System.String, for string literals (only Bpf.Trace's format may use one).</summary>
    public TypeDesc String { get; }

    public TypeDesc Void { get; }
    public TypeDesc Boolean { get; }
    public TypeDesc Char { get; }
    public TypeDesc SByte { get; }
    public TypeDesc Byte { get; }
    public TypeDesc Int16 { get; }
    public TypeDesc UInt16 { get; }
    public TypeDesc Int32 { get; }
    public TypeDesc UInt32 { get; }
    public TypeDesc Int64 { get; }
    public TypeDesc UInt64 { get; }
    public TypeDesc IntPtr { get; }
    public TypeDesc UIntPtr { get; }

    /// <summary>The integer type an indirect load or store of <paramref name="kind"/> moves, or null for floating point and object references.</summary>
    public TypeDesc? OfIntegerKind(IlValueKind kind) => kind switch
    {
        IlValueKind.I1 => SByte,
        IlValueKind.U1 => Byte,
        IlValueKind.I2 => Int16,
        IlValueKind.U2 => UInt16,
        IlValueKind.I4 => Int32,
        IlValueKind.U4 => UInt32,
        IlValueKind.I8 => Int64,
        IlValueKind.U8 => UInt64,
        IlValueKind.I => IntPtr,
        IlValueKind.U => UIntPtr,
        _ => null,
    };
    public TypeDesc Single { get; }
    public TypeDesc Double { get; }

    public TypeDesc PointerTo(TypeDesc element) =>
        Intern($"{element.FullName}*", () => new TypeDesc(TypeKind.Pointer, $"{element.FullName}*", $"{element.Name}*", element.Namespace)
        {
            Element = element,
            Size = 8,
            Alignment = 8,
        });

    public TypeDesc ByRefTo(TypeDesc element) =>
        Intern($"{element.FullName}&", () => new TypeDesc(TypeKind.ByRef, $"{element.FullName}&", $"{element.Name}&", element.Namespace)
        {
            Element = element,
            Size = 8,
            Alignment = 8,
        });

    public TypeDesc Resolve(TypeReference reference, GenericContext context)
    {
        switch (reference)
        {
            case GenericParameter gp:
                {
                    var args = gp.Type == GenericParameterType.Method ? context.MethodArguments : context.TypeArguments;
                    if (gp.Position >= args.Count)
                    {
                        throw new CompileException($"generic parameter '{gp.Name}' has no type argument here", null);
                    }

                    return args[gp.Position];
                }

            case PointerType p:
                return PointerTo(Resolve(p.ElementType, context));
            case ByReferenceType r:
                return ByRefTo(Resolve(r.ElementType, context));
            case PinnedType pinned:
                return Resolve(pinned.ElementType, context);
            case RequiredModifierType req:
                return Resolve(req.ElementType, context);
            case OptionalModifierType opt:
                return Resolve(opt.ElementType, context);
        }

        var primitive = PrimitiveOf(reference.MetadataType);
        if (primitive is not null)
        {
            return primitive;
        }

        // A field handle is opaque here: only the constant data behind RuntimeHelpers.CreateSpan's is used, by its token.
        if (reference is ArrayType or FunctionPointerType || reference.MetadataType is MetadataType.String or MetadataType.Object
            || reference.FullName == "System.RuntimeFieldHandle")
        {
            return Intern(reference.FullName, () => new TypeDesc(TypeKind.Other, reference.FullName, reference.Name, reference.Namespace));
        }

        IReadOnlyList<TypeDesc> genericArguments = [];
        if (reference is GenericInstanceType git)
        {
            genericArguments = git.GenericArguments.Select(a => Resolve(a, context)).ToList();
        }

        string fullName = genericArguments.Count == 0
            ? reference.FullName
            : $"{((GenericInstanceType)reference).ElementType.FullName}<{string.Join(",", genericArguments.Select(a => a.FullName))}>";
        if (types.TryGetValue(fullName, out var known))
        {
            return known;
        }

        TypeDefinition? definition;
        try
        {
            definition = reference.Resolve();
        }
        catch (AssemblyResolutionException)
        {
            definition = null;
        }

        if (definition is null)
        {
            return Intern(fullName, () => new TypeDesc(TypeKind.Other, fullName, reference.Name, reference.Namespace));
        }

        var kind = definition.IsEnum ? TypeKind.Enum : definition.IsValueType ? TypeKind.Struct : TypeKind.Class;
        TypeDesc? underlying = null;
        if (kind == TypeKind.Enum)
        {
            var valueField = definition.Fields.First(f => !f.IsStatic);
            underlying = Resolve(valueField.FieldType, GenericContext.Empty);
        }

        var type = new TypeDesc(kind, fullName, reference.Name, definition.Namespace)
        {
            Element = underlying,
            GenericArguments = genericArguments,
            Assembly = definition.Module.Assembly.Name.Name,
            IsPublic = IsVisibleEverywhere(definition),
            KernelName = kind == TypeKind.Struct ? StringAttribute(definition, KernelTypeAttribute) : null,
        };
        types[fullName] = type;
        definitions[type] = definition;
        typeContexts[type] = new GenericContext(genericArguments, []);
        if (kind == TypeKind.Enum)
        {
            type.Size = underlying!.Size;
            type.Alignment = underlying.Alignment;
        }
        else if (kind == TypeKind.Struct)
        {
            ComputeLayout(type, definition);
        }

        return type;
    }

    public FieldDesc ResolveField(FieldReference reference, GenericContext context)
    {
        var declaring = Resolve(reference.DeclaringType, context);
        var definition = reference.Resolve()
            ?? throw new CompileException($"field '{reference.FullName}' cannot be resolved", null);
        if (!definition.IsStatic)
        {
            var field = declaring.Fields.FirstOrDefault(f => f.Name == definition.Name);
            if (field is not null)
            {
                return field;
            }
        }

        string key = $"{declaring.FullName}::{definition.Name}";
        if (staticFields.TryGetValue(key, out var known))
        {
            return known;
        }

        var type = Resolve(definition.FieldType, typeContexts.GetValueOrDefault(declaring) ?? context);
        var result = new FieldDesc(definition.Name, declaring, type, 0, definition.IsStatic, definition.IsInitOnly)
        {
            ConstantValue = definition.HasConstant ? definition.Constant : null,
            InitialData = definition.HasFieldRVA ? definition.InitialValue : null,
            DataSection = StringAttribute(definition, DataSectionAttribute),
            IsPinned = definition.CustomAttributes.Any(a => a.AttributeType.FullName == PinnedAttribute),
        };
        staticFields[key] = result;
        return result;
    }

    public MethodDesc ResolveMethod(MethodReference reference, GenericContext context)
    {
        var declaring = Resolve(reference.DeclaringType, context);
        IReadOnlyList<TypeDesc> methodArguments = [];
        if (reference is GenericInstanceMethod gim)
        {
            methodArguments = gim.GenericArguments.Select(a => Resolve(a, context)).ToList();
        }

        MethodDefinition? definition;
        try
        {
            definition = reference.Resolve();
        }
        catch (AssemblyResolutionException)
        {
            definition = null;
        }

        var inner = new GenericContext(declaring.GenericArguments, methodArguments);
        string signature = string.Join(",", reference.Parameters.Select(p => SignatureName(p.ParameterType)));
        string key = $"{declaring.FullName}::{reference.Name}<{string.Join(",", methodArguments.Select(a => a.FullName))}>({signature})";
        if (methods.TryGetValue(key, out var known))
        {
            return known;
        }

        var returnType = Resolve(definition?.ReturnType ?? reference.ReturnType, inner);
        var parameters = (definition?.Parameters ?? reference.Parameters).Select(p => Resolve(p.ParameterType, inner)).ToList();
        var method = new MethodDesc(reference.Name, declaring, m => definition is { HasBody: true } ? MethodBodyDecoder.Decode(definition, m, inner, this) : null)
        {
            ReturnType = returnType,
            Parameters = parameters,
            ParameterNames = (definition?.Parameters ?? reference.Parameters).Select(p => p.Name).ToList(),
            IsStatic = !(definition?.HasThis ?? reference.HasThis),
            IsVirtual = definition?.IsVirtual ?? false,
            IsAbstract = definition?.IsAbstract ?? false,
            IsConstructor = definition?.IsConstructor ?? reference.Name is ".ctor" or ".cctor",
            IsInternalCall = definition is not null && (definition.IsInternalCall || definition.IsRuntime || definition.IsPInvokeImpl),
            GenericArguments = methodArguments,
            IntrinsicName = definition is null ? null : StringAttribute(definition, IntrinsicAttribute),
            HelperId = definition is null ? null : (BpfHelper?)IntAttribute(definition, HelperAttribute),
            KfuncName = definition is null ? null : KfuncNameOf(definition),
            NoInlining = definition?.NoInlining ?? false,
        };
        methods[key] = method;
        return method;
    }

    /// <summary>The type's static constructor (<c>.cctor</c>), where static fields get their initial values; null when it has none.</summary>
    public MethodDesc? StaticConstructorOf(TypeDesc type)
    {
        var definition = definitions.GetValueOrDefault(type);
        var constructor = definition?.Methods.FirstOrDefault(m => m.IsConstructor && m.IsStatic);
        if (constructor is null)
        {
            return null;
        }

        MethodReference reference = constructor;
        if (type.GenericArguments.Count > 0)
        {
            return null;
        }

        return ResolveMethod(reference, GenericContext.Empty);
    }

    /// <summary>
    /// A static, non-generic method of a type in the same assembly as <paramref name="neighbour"/>,
    /// for SDK code the compiler inlines on its own initiative (the meta traits backend); null when absent.
    /// </summary>
    public MethodDesc? FindStaticMethod(TypeDesc neighbour, string typeFullName, string methodName)
    {
        var module = definitions.GetValueOrDefault(neighbour)?.Module;
        var type = module?.GetType(typeFullName);
        var method = type?.Methods.FirstOrDefault(m => m.IsStatic && m.Name == methodName && !m.HasGenericParameters);
        return method is null ? null : ResolveMethod(method, GenericContext.Empty);
    }

    private static string SignatureName(TypeReference type) => type.FullName;

    private static string? StringAttribute(ICustomAttributeProvider provider, string attributeName) =>
        provider.CustomAttributes.FirstOrDefault(a => a.AttributeType.FullName == attributeName)?.ConstructorArguments[0].Value as string;

    /// <summary>The kernel function a <c>[Kfunc]</c> method calls: the attribute's name, else the method's; null without the attribute.</summary>
    private static string? KfuncNameOf(MethodDefinition definition) =>
        definition.CustomAttributes.FirstOrDefault(a => a.AttributeType.FullName == KfuncAttribute) is { } attribute
            ? attribute.ConstructorArguments[0].Value as string ?? definition.Name
            : null;

    private static int? IntAttribute(ICustomAttributeProvider provider, string attributeName) =>
        provider.CustomAttributes.FirstOrDefault(a => a.AttributeType.FullName == attributeName)?.ConstructorArguments[0].Value as int?;

    private void ComputeLayout(TypeDesc type, TypeDefinition definition)
    {
        if (!layoutInProgress.Add(type))
        {
            throw new CompileException($"struct '{type.FullName}' contains itself", null);
        }

        var context = typeContexts[type];
        int pack = definition.PackingSize > 0 ? definition.PackingSize : 8;
        bool explicitLayout = definition.IsExplicitLayout;
        var fields = new List<FieldDesc>();
        int offset = 0;
        int alignment = 1;
        int size = 0;
        foreach (var f in definition.Fields.Where(f => !f.IsStatic))
        {
            var fieldType = Resolve(f.FieldType, context);
            if (fieldType.Kind == TypeKind.Class || fieldType.Kind == TypeKind.Other)
            {
                throw new CompileException(
                    $"struct '{type.FullName}' has field '{f.Name}' of type '{fieldType.FullName}', which is not an unmanaged type",
                    null);
            }

            int fieldAlign = Math.Min(fieldType.Alignment, pack);
            int fieldOffset = explicitLayout ? f.Offset : Align(offset, fieldAlign);
            fields.Add(new FieldDesc(f.Name, type, fieldType, fieldOffset, false, f.IsInitOnly)
            {
                KernelName = type.KernelName is null ? null : StringAttribute(f, KernelFieldAttribute) ?? SnakeCase(f.Name),
            });
            offset = fieldOffset + fieldType.Size;
            size = Math.Max(size, offset);
            alignment = Math.Max(alignment, fieldAlign);
            var fixedBuffer = f.CustomAttributes.FirstOrDefault(a => a.AttributeType.FullName == FixedBufferAttribute);
            if (fixedBuffer is not null && fieldType.FixedBufferElement is null)
            {
                fieldType.FixedBufferElement = Resolve((TypeReference)fixedBuffer.ConstructorArguments[0].Value, context);
            }
        }

        size = Math.Max(Align(size, alignment), Math.Max(definition.ClassSize, 0));
        if (size == 0)
        {
            size = 1;
        }

        type.Fields = fields;
        type.Size = size;
        type.Alignment = alignment;
        if (definition.Name.EndsWith("e__FixedBuffer", StringComparison.Ordinal) && fields.Count == 1)
        {
            type.FixedBufferElement = fields[0].FieldType;
        }

        layoutInProgress.Remove(type);
    }

    /// <summary>A C# field name as the kernel would spell it: <c>DataLen</c> is <c>data_len</c>, <c>Ifindex</c> is <c>ifindex</c>.</summary>
    public static string SnakeCase(string name)
    {
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsAsciiLetterUpper(c) && i > 0 && name[i - 1] != '_')
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    private static int Align(int value, int alignment) => (value + alignment - 1) / alignment * alignment;

    /// <summary>Public, and nested only in public types: another assembly can name it.</summary>
    private static bool IsVisibleEverywhere(TypeDefinition definition) =>
        definition.IsNested ? definition.IsNestedPublic && IsVisibleEverywhere(definition.DeclaringType) : definition.IsPublic;

    private TypeDesc Primitive(TypeKind kind, string fullName, int size)
    {
        int dot = fullName.LastIndexOf('.');
        var type = new TypeDesc(kind, fullName, fullName[(dot + 1)..], fullName[..dot]) { Size = size, Alignment = Math.Max(size, 1), IsPublic = true };
        types[fullName] = type;
        return type;
    }

    private TypeDesc? PrimitiveOf(MetadataType type) => type switch
    {
        MetadataType.Void => Void,
        MetadataType.Boolean => Boolean,
        MetadataType.Char => Char,
        MetadataType.SByte => SByte,
        MetadataType.Byte => Byte,
        MetadataType.Int16 => Int16,
        MetadataType.UInt16 => UInt16,
        MetadataType.Int32 => Int32,
        MetadataType.UInt32 => UInt32,
        MetadataType.Int64 => Int64,
        MetadataType.UInt64 => UInt64,
        MetadataType.IntPtr => IntPtr,
        MetadataType.UIntPtr => UIntPtr,
        MetadataType.Single => Single,
        MetadataType.Double => Double,
        _ => null,
    };

    private TypeDesc Intern(string key, Func<TypeDesc> create)
    {
        if (!types.TryGetValue(key, out var type))
        {
            type = create();
            types[key] = type;
        }

        return type;
    }
}
