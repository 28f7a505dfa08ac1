using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Object;
using TraitsBpf.Object.Printf;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// The string helpers: a span becomes the helper's pointer and size, and bpf_strncmp's second string and the formats of
/// bpf_snprintf and bpf_trace_vprintk literals in .rodata, the read-only map value the kernel requires of them; a format
/// the kernel would refuse is refused here, where the compiler sees it.
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

    /// <summary><c>Bpf.Snprintf(destination, "format", arguments)</c>: bpf_snprintf(destination, its length, format, arguments, 8 × their count).</summary>
    internal void LowerSnprintf(MethodDesc method, List<StackEntry> arguments)
    {
        var destination = ReadSpan(arguments[0].Value);
        RequireNotPacket(method, destination);
        var (data, dataLength) = FormatArguments(method, arguments[1].Value, arguments[2].Value);
        var call = Emit(new HelperCallInstruction(BpfHelper.Snprintf,
            [destination.Pointer, Widen(destination.Length, IrType.I64, false), arguments[1].Value, data, dataLength], IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }

    /// <summary><c>Bpf.Trace("format", arguments)</c>: bpf_trace_vprintk(format, its size, arguments, 8 × their count).</summary>
    internal void LowerTraceVprintk(MethodDesc method, List<StackEntry> arguments)
    {
        var (data, dataLength) = FormatArguments(method, arguments[0].Value, arguments[1].Value);
        string format = stringLiterals[arguments[0].Value];
        var formatSize = new Constant(System.Text.Encoding.UTF8.GetByteCount(format) + 1, IrType.I64);
        var call = Emit(new HelperCallInstruction(BpfHelper.TraceVprintk, [arguments[0].Value, formatSize, data, dataLength], IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }

    /// <summary>
    /// Checks a format literal against the kernel's rules and the span of 64-bit arguments against it (a constant count,
    /// at most 12, at least one per conversion), and gives the span as the helpers' data pointer and byte length.
    /// </summary>
    private (Value Data, Value Length) FormatArguments(MethodDesc method, Value format, Value argumentSpan)
    {
        if (!stringLiterals.TryGetValue(format, out string? text))
        {
            throw Error($"'Bpf.{method.Name}' needs a string literal as its format: the kernel reads it from read-only data (.rodata), where only a literal is");
        }

        int conversions;
        try
        {
            conversions = BprintfFormat.ConversionCount(text);
        }
        catch (FormatException e)
        {
            throw Error($"'Bpf.{method.Name}' cannot use the format \"{text}\": {e.Message}");
        }

        var span = ReadSpan(argumentSpan);
        RequireNotPacket(method, span);
        if (span.ConstantLength is not { } count)
        {
            throw Error($"'Bpf.{method.Name}' needs a span of arguments of constant length (e.g. stackalloc long[] {{ a, b }}): the kernel checks the format against their count");
        }

        if (count > BprintfFormat.MaxArguments || count < conversions)
        {
            throw Error($"'Bpf.{method.Name}' is given {count} arguments for a format with {conversions} conversions; the kernel takes one per conversion, at most {BprintfFormat.MaxArguments}");
        }

        return (count == 0 ? new Constant(0, IrType.I64) : span.Pointer, new Constant(count * sizeof(long), IrType.I64));
    }

    private void RequireNotPacket(MethodDesc method, SpanParts span)
    {
        if (span.Pointer.Kind is ValueKind.Packet or ValueKind.Meta)
        {
            throw Error($"'Bpf.{method.Name}' is given packet memory, which the kernel lets only packet helpers read: copy the bytes to a stack buffer (stackalloc) or a map value first");
        }
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

        RequireNotPacket(method, parts);
        return (parts.Pointer, Widen(parts.Length, IrType.I64, false));
    }
}
