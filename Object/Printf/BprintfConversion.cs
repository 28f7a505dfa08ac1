namespace TraitsBpf.Object.Printf;

/// <summary>
/// One conversion of a bpf_snprintf or bpf_trace_vprintk format: <c>%[flags][width][l|ll]conversion</c> as the kernel's
/// bpf_bprintf_prepare accepts it, for the conversions a C# program can pass (integers and characters).
/// </summary>
/// <param name="LeftAlign">The <c>-</c> flag.</param>
/// <param name="ZeroPad">The <c>0</c> flag.</param>
/// <param name="Plus">The <c>+</c> flag.</param>
/// <param name="Space">The <c> </c> flag.</param>
/// <param name="Width">The field width, 0 when none.</param>
/// <param name="Is64Bit">Whether an <c>l</c> or <c>ll</c> makes the argument 64-bit (otherwise its low 32 bits are used).</param>
/// <param name="Conversion">One of <c>d i u x X c</c>.</param>
public sealed record BprintfConversion(bool LeftAlign, bool ZeroPad, bool Plus, bool Space, int Width, bool Is64Bit, char Conversion);
