using TraitsBpf.Object.Btf;

namespace TraitsBpf.Object;

/// <summary>
/// A CO-RE relocation (<c>struct bpf_core_relo</c> in .BTF.ext): libbpf rewrites the instruction's offset
/// (a load) or immediate (a mov) with what <paramref name="AccessString"/> names in the running kernel's
/// type that matches <paramref name="Type"/> by name, as clang records a <c>preserve_access_index</c> access.
/// </summary>
/// <param name="InstructionOffset">The instruction, relative to the section start.</param>
/// <param name="Type">The root type of the access, written to .BTF; a struct named as the kernel's.</param>
/// <param name="AccessString">Member indexes from the root, e.g. "0:2": the pointer itself, then member 2.</param>
/// <param name="Kind">What the instruction holds about the field.</param>
public sealed record CoreRelocation(int InstructionOffset, BtfType Type, string AccessString, CoreRelocationKind Kind = CoreRelocationKind.FieldByteOffset);
