using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// An address inside a kernel struct the program reaches through a pointer: the pointer plus a CO-RE relocated
/// offset (<c>&amp;tcp->Connection.Inet</c>, an IPv6 address's word 2). The frontend makes it for <c>ldflda</c> of a
/// struct or array member of a <c>[KernelType]</c> struct and folds it into the one relocated load that reads a
/// field beneath it, as clang folds a chain of member accesses into one access string; the add it was emitted as is
/// then dead.
/// </summary>
internal sealed record KernelPath(Value Pointer, KernelFieldAccess Access)
{
    /// <summary>The path <paramref name="address"/> was made as, or null when it is some other value.</summary>
    public static KernelPath? Of(Value address) =>
        address is BinaryInstruction { Op: BinaryOp.Add, Left: var pointer, Right: KernelFieldOffsetInstruction offset }
            ? new KernelPath(pointer, offset.Access)
            : null;
}
