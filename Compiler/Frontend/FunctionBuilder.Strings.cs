using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// The string helpers: a span of bytes becomes the helper's pointer and size, and bpf_strncmp's second string a
/// literal in .rodata, the read-only map value the kernel requires of it.
/// </summary>
internal sealed partial class FunctionBuilder
{
    /// <summary><c>Bpf.Strncmp(s1, "literal")</c>: bpf_strncmp(s1, s1.Length, literal).</summary>
    internal void LowerStrncmp(MethodDesc method, List<StackEntry> arguments)
    {
        if (!stringLiterals.ContainsKey(arguments[1].Value))
        {
            throw Error("Bpf.Strncmp needs a string literal as its second string: the kernel reads it from read-only data (.rodata), where only a literal is");
        }

        var (pointer, size) = HelperString(method, arguments[0].Value);
        var call = Emit(new HelperCallInstruction(BpfHelper.Strncmp, [pointer, size, arguments[1].Value], IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }

    /// <summary><c>Bpf.Strtol/Strtoul(text, base, out result)</c>: bpf_strtol/strtoul(text, text.Length, base, &amp;result).</summary>
    internal void LowerStringToNumber(BpfHelper helper, MethodDesc method, List<StackEntry> arguments)
    {
        var (pointer, size) = HelperString(method, arguments[0].Value);
        var call = Emit(new HelperCallInstruction(helper, [pointer, size, Widen(arguments[1].Value, IrType.I64, false), arguments[2].Value], IrType.I64, ValueKind.Scalar, true));
        Push(call, method.ReturnType);
    }

    /// <summary>
    /// A span of bytes as a helper's string and size. The kernel refuses a size of zero and packet memory (the string helpers
    /// are not packet helpers), so a span known to be empty or over the packet is refused here.
    /// </summary>
    private (Value Pointer, Value Size) HelperString(MethodDesc method, Value span)
    {
        var parts = ReadSpan(span);
        if (parts.ConstantLength == 0)
        {
            throw Error($"'Bpf.{method.Name}' is given an empty span: the kernel requires at least one byte to read");
        }

        if (parts.Pointer.Kind is ValueKind.Packet or ValueKind.Meta)
        {
            throw Error($"'Bpf.{method.Name}' is given packet memory, which the kernel lets only packet helpers read: copy the bytes to a stack buffer (stackalloc) or a map value first");
        }

        return (parts.Pointer, Widen(parts.Length, IrType.I64, false));
    }
}
