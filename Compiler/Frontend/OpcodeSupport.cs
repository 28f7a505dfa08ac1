using TraitsBpf.Compiler.Il;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// The opcode forms the frontend refuses whatever their operands, with the reason; every other
/// form is one the dispatch claims to translate (<see cref="Translated"/>), which the IL-coverage
/// test holds it to: each must appear in a program whose kernel result equals managed execution.
/// </summary>
internal static class OpcodeSupport
{
    /// <summary>The forms the dispatch translates (some operands may still be refused, such as a float field).</summary>
    public static IReadOnlySet<IlForm> Translated =>
        IlOpcodeForms.ByMnemonic.Where(f => Refusal(f.Value, f.Key) is null).Select(f => f.Value).ToHashSet();

    /// <summary>Why <paramref name="form"/> cannot be translated, or null when the dispatch translates it.</summary>
    public static string? Refusal(IlForm form, string mnemonic, TypeDesc? type = null) => form switch
    {
        { Overflow: true, Op: IlOpcode.Conv } => $"checked conversion ('{mnemonic}') throws on overflow, which BPF cannot; use an unchecked cast",
        { Overflow: true } => $"checked arithmetic ('{mnemonic}') throws on overflow, which BPF cannot; use unchecked arithmetic",
        { Op: IlOpcode.LdcR4 or IlOpcode.LdcR8 } => "floating-point constants are not supported: BPF has no floating point",
        { Op: IlOpcode.Ckfinite } => $"'{mnemonic}' tests a floating-point value: BPF has no floating point",
        { Op: IlOpcode.Conv, Kind: IlValueKind.R4 or IlValueKind.R8 or IlValueKind.RUn } => $"'{mnemonic}' converts to floating point: BPF has no floating point",
        { Op: IlOpcode.Ldind, Kind: IlValueKind.R4 or IlValueKind.R8 } => $"'{mnemonic}' reads floating point: BPF has no floating point",
        { Op: IlOpcode.Stind, Kind: IlValueKind.R4 or IlValueKind.R8 } => $"'{mnemonic}' writes floating point: BPF has no floating point",
        { Op: IlOpcode.Ldind, Kind: IlValueKind.Ref } => "reading an object reference through a pointer is not supported in BPF programs",
        { Op: IlOpcode.Stind, Kind: IlValueKind.Ref } => "storing an object reference through a pointer is not supported in BPF programs",
        { Op: IlOpcode.Throw or IlOpcode.Rethrow } => "'throw' is not supported: BPF has no exceptions; return an action such as XdpAction.Aborted instead",
        { Op: IlOpcode.Box or IlOpcode.Unbox or IlOpcode.UnboxAny } => $"boxing ('{mnemonic}' of '{type}') allocates on the managed heap, which BPF programs cannot do",
        { Op: IlOpcode.Castclass or IlOpcode.Isinst } => $"type tests and casts of references ('{mnemonic}' to '{type}') are not supported in BPF programs",
        { Op: IlOpcode.Newarr or IlOpcode.Ldlen or IlOpcode.Ldelem or IlOpcode.Ldelema or IlOpcode.Stelem } =>
            "managed arrays are not supported in BPF programs; use 'stackalloc' or a fixed-size buffer in a struct",
        { Op: IlOpcode.Calli or IlOpcode.Ldvirtftn } => "function pointers and delegates are not supported in BPF programs (a static method or static lambda passed straight to Bpf.Loop is the one callback)",
        { Op: IlOpcode.Leave or IlOpcode.Endfinally or IlOpcode.Endfilter } => "exception handling is not supported in BPF programs",
        { Op: IlOpcode.Jmp } => "'jmp' (a tail jump to another method) is not supported in BPF programs",
        { Op: IlOpcode.Arglist or IlOpcode.Mkrefany or IlOpcode.Refanyval or IlOpcode.Refanytype } =>
            $"'{mnemonic}' (variable arguments, typed references) is not supported in BPF programs",
        { Op: IlOpcode.Break } => "'break' (a debugger breakpoint) is not supported in BPF programs",
        _ => null,
    };
}
