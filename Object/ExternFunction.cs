using TraitsBpf.Object.Btf;

namespace TraitsBpf.Object;

/// <summary>A kernel function (kfunc) the code calls: an extern FUNC in the <c>.ksyms</c> datasec, resolved by libbpf at load.</summary>
/// <param name="Name">The kernel's function name, e.g. <c>bpf_xdp_trait_get</c>.</param>
/// <param name="Proto">Its prototype; it must match the kernel's BTF.</param>
public sealed record ExternFunction(string Name, BtfFuncProto Proto);
