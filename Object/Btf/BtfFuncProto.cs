namespace TraitsBpf.Object.Btf;

/// <summary>A function prototype (BTF_KIND_FUNC_PROTO).</summary>
public sealed class BtfFuncProto(BtfType returnType, IReadOnlyList<BtfParameter> parameters) : BtfType("")
{
    /// <summary>The return type (<see cref="BtfVoid"/> for void).</summary>
    public BtfType ReturnType { get; } = returnType;

    /// <summary>The parameters in order.</summary>
    public IReadOnlyList<BtfParameter> Parameters { get; } = parameters;
}
