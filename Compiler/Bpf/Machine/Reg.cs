namespace TraitsBpf.Compiler.Bpf.Machine;

/// <summary>
/// A register operand: r0–r10 are the machine's, numbers from <see cref="FirstVirtual"/> up
/// are virtual registers the allocator maps onto r0–r9.
/// </summary>
internal readonly record struct Reg(int Number)
{
    public const int FirstVirtual = 16;

    /// <summary>Registers the allocator may assign (r10 is the read-only frame pointer).</summary>
    public const int Allocatable = 10;

    public static Reg R0 => new(0);
    public static Reg R1 => new(1);
    public static Reg R10 => new(10);

    public bool IsVirtual => Number >= FirstVirtual;

    public bool IsPhysical => !IsVirtual;

    public static Reg Physical(int n) => new(n);

    public override string ToString() => IsVirtual ? $"v{Number - FirstVirtual}" : $"r{Number}";
}
