namespace TraitsBpf;

/// <summary>
/// Ends a program in managed execution where the kernel ends it: a <c>LoadByte</c>,
/// <c>LoadHalf</c> or <c>LoadWord</c> past the end of the packet (BPF_LD_ABS/BPF_LD_IND) makes the
/// program return 0 at once. <see cref="ManagedExecution"/> catches it and returns that 0.
/// </summary>
public sealed class PacketLoadExitException(int offset, int size)
    : Exception($"A {size}-byte classic packet load at offset {offset} is past the end of the packet, which ends the program returning 0; run the program through ManagedExecution.Run, which returns that 0.")
{
    /// <summary>The offset the program asked for.</summary>
    public int Offset { get; } = offset;

    /// <summary>The load's width in bytes (1, 2 or 4).</summary>
    public int Size { get; } = size;
}
