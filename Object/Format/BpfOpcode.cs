namespace TraitsBpf.Object.Format;

/// <summary>
/// The bit fields of a BPF opcode byte (Documentation/bpf/standardization/instruction-set.rst):
/// class in the low three bits, then source/size and operation/mode. The compiler encodes with
/// them, the object stage patches and the disassembler decodes with the same ones.
/// </summary>
internal static class BpfOpcode
{
    // Instruction classes.
    public const byte ClassLd = 0x00;
    public const byte ClassLdx = 0x01;
    public const byte ClassSt = 0x02;
    public const byte ClassStx = 0x03;
    public const byte ClassAlu = 0x04;
    public const byte ClassJmp = 0x05;
    public const byte ClassJmp32 = 0x06;
    public const byte ClassAlu64 = 0x07;

    // Operand source for ALU and jumps.
    public const byte SourceImm = 0x00;
    public const byte SourceReg = 0x08;

    // Load/store sizes.
    public const byte SizeW = 0x00;
    public const byte SizeH = 0x08;
    public const byte SizeB = 0x10;
    public const byte SizeDw = 0x18;

    // Load/store modes.
    public const byte ModeImm = 0x00;
    public const byte ModeAbs = 0x20;
    public const byte ModeInd = 0x40;
    public const byte ModeMem = 0x60;
    public const byte ModeMemSx = 0x80;
    public const byte ModeAtomic = 0xC0;

    // ALU operations.
    public const byte AluAdd = 0x00;
    public const byte AluSub = 0x10;
    public const byte AluMul = 0x20;
    public const byte AluDiv = 0x30;
    public const byte AluOr = 0x40;
    public const byte AluAnd = 0x50;
    public const byte AluLsh = 0x60;
    public const byte AluRsh = 0x70;
    public const byte AluNeg = 0x80;
    public const byte AluMod = 0x90;
    public const byte AluXor = 0xA0;
    public const byte AluMov = 0xB0;
    public const byte AluArsh = 0xC0;
    public const byte AluEnd = 0xD0;

    // Byte-swap direction for AluEnd (in the source bit).
    public const byte EndToBigEndian = 0x08;

    // Jump operations.
    public const byte JmpJa = 0x00;
    public const byte JmpJeq = 0x10;
    public const byte JmpJgt = 0x20;
    public const byte JmpJge = 0x30;
    public const byte JmpJset = 0x40;
    public const byte JmpJne = 0x50;
    public const byte JmpJsgt = 0x60;
    public const byte JmpJsge = 0x70;
    public const byte JmpCall = 0x80;
    public const byte JmpExit = 0x90;
    public const byte JmpJlt = 0xA0;
    public const byte JmpJle = 0xB0;
    public const byte JmpJslt = 0xC0;
    public const byte JmpJsle = 0xD0;

    // Whole opcodes the object stage looks for.
    public const byte LoadImm64 = ClassLd | ModeImm | SizeDw;
    public const byte Call = ClassJmp | JmpCall;
    public const byte Exit = ClassJmp | JmpExit;

    // src_reg values of a call instruction (clang writes CallLocal for kfunc calls too; libbpf makes them CallKfunc).
    public const byte CallHelper = 0;
    public const byte CallLocal = 1;
    public const byte CallKfunc = 2;

    // src_reg of a 64-bit immediate load that refers to a map by fd (set by libbpf).
    public const byte PseudoMapFd = 1;

    public static byte SizeOf(int bytes) => bytes switch
    {
        1 => SizeB,
        2 => SizeH,
        4 => SizeW,
        8 => SizeDw,
        _ => throw new ArgumentOutOfRangeException(nameof(bytes)),
    };
}
