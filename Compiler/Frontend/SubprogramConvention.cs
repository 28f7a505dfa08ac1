using TraitsBpf.Compiler.Il;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// How a <c>[MethodImpl(NoInlining)]</c> method's arguments and result cross a BPF call, which
/// has five argument registers and one result register. A struct result goes through a buffer
/// in the caller's frame whose address is the first register argument. When the arguments
/// (with that buffer) need more than five registers, the first four go in r1–r4 and the rest in
/// a block of 8-byte cells in the caller's frame whose address is r5; the verifier lets a callee
/// read its caller's stack through a pointer it was passed.
/// </summary>
internal sealed class SubprogramConvention
{
    /// <summary>BPF passes r1–r5.</summary>
    public const int Registers = 5;

    /// <summary>Each argument in the block takes one 8-byte cell, so a spilled pointer keeps its type.</summary>
    public const int CellSize = 8;

    public SubprogramConvention(MethodDesc method)
    {
        ReturnsThroughBuffer = method.ReturnType.Kind == TypeKind.Struct;
        ArgumentCount = method.ArgumentCount;
        int leading = ReturnsThroughBuffer ? 1 : 0;
        RegisterArguments = leading + ArgumentCount <= Registers ? ArgumentCount : Registers - 1 - leading;
    }

    /// <summary>The method returns a struct: the caller passes the address of a buffer in r1 and the callee writes the result there.</summary>
    public bool ReturnsThroughBuffer { get; }

    /// <summary>The method's IL arguments (with <c>this</c>).</summary>
    public int ArgumentCount { get; }

    /// <summary>How many IL arguments travel in registers; the rest are in the argument block.</summary>
    public int RegisterArguments { get; }

    /// <summary>Whether the last register carries the address of an argument block.</summary>
    public bool HasArgumentBlock => RegisterArguments < ArgumentCount;

    /// <summary>Bytes of the argument block in the caller's frame.</summary>
    public int ArgumentBlockSize => (ArgumentCount - RegisterArguments) * CellSize;

    /// <summary>The register (parameter index) of IL argument <paramref name="argument"/>, which must be a register argument.</summary>
    public int RegisterOf(int argument) => (ReturnsThroughBuffer ? 1 : 0) + argument;

    /// <summary>The register that holds the argument block's address.</summary>
    public int BlockRegister => (ReturnsThroughBuffer ? 1 : 0) + RegisterArguments;

    /// <summary>Where IL argument <paramref name="argument"/> lies in the argument block.</summary>
    public int BlockOffsetOf(int argument) => (argument - RegisterArguments) * CellSize;
}
