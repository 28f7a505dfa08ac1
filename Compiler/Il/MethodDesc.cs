using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Il;

/// <summary>
/// A method with generic arguments substituted: its signature, what the SDK says about it
/// (intrinsic, helper, inlining) and, for methods with IL, its decoded body. Created only by
/// <see cref="TypeSystem"/>, one instance per instantiation.
/// </summary>
internal sealed class MethodDesc
{
    private readonly Lazy<IlMethodBody?> body;

    public MethodDesc(string name, TypeDesc declaringType, Func<MethodDesc, IlMethodBody?> bodyFactory)
    {
        Name = name;
        DeclaringType = declaringType;
        body = new Lazy<IlMethodBody?>(() => bodyFactory(this));
    }

    public string Name { get; }

    public TypeDesc DeclaringType { get; }

    /// <summary>Parameter types, not counting <c>this</c>.</summary>
    public IReadOnlyList<TypeDesc> Parameters { get; init; } = [];

    public IReadOnlyList<string> ParameterNames { get; init; } = [];

    public required TypeDesc ReturnType { get; init; }

    public bool IsStatic { get; init; }

    public bool IsVirtual { get; init; }

    public bool IsAbstract { get; init; }

    public bool IsConstructor { get; init; }

    public bool IsInternalCall { get; init; }

    public IReadOnlyList<TypeDesc> GenericArguments { get; init; } = [];

    /// <summary>The name in the SDK's <c>[BpfIntrinsic]</c>, when present.</summary>
    public string? IntrinsicName { get; init; }

    /// <summary>The kernel helper number in the SDK's <c>[BpfHelper]</c>, when present.</summary>
    public BpfHelper? HelperId { get; init; }

    /// <summary>The kernel function in the SDK's or the program's <c>[Kfunc]</c>, when present.</summary>
    public string? KfuncName { get; init; }

    /// <summary>True for <c>[MethodImpl(MethodImplOptions.NoInlining)]</c>: compiled as a BPF subprogram.</summary>
    public bool NoInlining { get; init; }

    /// <summary>The decoded IL, or null for methods without a body (extern, abstract, runtime-implemented).</summary>
    public IlMethodBody? Body => body.Value;

    /// <summary>The first sequence point of the body, for messages about the method as a whole.</summary>
    public SourceLocation? Location => Body?.Instructions.Select(i => i.Location).FirstOrDefault(l => l is not null);

    /// <summary>Number of IL arguments, <c>this</c> included.</summary>
    public int ArgumentCount => Parameters.Count + (IsStatic ? 0 : 1);

    /// <summary>The name of IL argument <paramref name="index"/>: <c>this</c> for an instance method's first.</summary>
    public string ArgumentName(int index) =>
        IsStatic ? ParameterNames[index] : index == 0 ? "this" : ParameterNames[index - 1];

    /// <summary>The type of IL argument <paramref name="index"/>, <c>this</c> included.</summary>
    public TypeDesc ArgumentType(int index, TypeSystem types)
    {
        if (IsStatic)
        {
            return Parameters[index];
        }

        if (index == 0)
        {
            return DeclaringType.Kind is TypeKind.Struct or TypeKind.Enum ? types.ByRefTo(DeclaringType) : DeclaringType;
        }

        return Parameters[index - 1];
    }

    /// <summary>e.g. <c>TraitsBpf.XdpContext.Header&lt;TraitsBpf.EthernetHeader&gt;</c>, for messages.</summary>
    public string FullName =>
        GenericArguments.Count == 0
            ? $"{DeclaringType.FullName}.{Name}"
            : $"{DeclaringType.FullName}.{Name}<{string.Join(",", GenericArguments.Select(a => a.FullName))}>";

    public override string ToString() => FullName;
}
