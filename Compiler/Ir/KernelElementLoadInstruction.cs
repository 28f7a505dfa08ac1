namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// A load of an element of a kernel struct's array through a BTF-typed pointer whose index was not a constant when
/// the frontend read it (<c>addr.Words.Word[i]</c> in a loop): the path to an element of the array and the byte
/// offset from it. CO-RE relocates each element by its index, so <c>KernelPathFolding</c> turns it into a
/// <see cref="KernelFieldLoadInstruction"/> once the pass pipeline has made the offset a constant (by unrolling the
/// loop), and refuses the program at its line when it has not.
/// </summary>
internal sealed class KernelElementLoadInstruction(Value pointer, KernelFieldAccess array, Value byteOffset, int size, bool signExtend, IrType type, ValueKind kind)
    : Instruction(type, kind, pointer, byteOffset)
{
    public Value Pointer => Operands[0];

    public Value ByteOffset => Operands[1];

    /// <summary>The path to the array's element the byte offset counts from.</summary>
    public KernelFieldAccess Array { get; } = array;

    public int Size { get; } = size;

    public bool SignExtend { get; } = signExtend;

    protected override string Describe() => $"load.{(SignExtend ? "s" : "u")}{Size * 8} [{Name(Pointer)}->{Array} + {Name(ByteOffset)}] core {Array.AccessString}";
}
