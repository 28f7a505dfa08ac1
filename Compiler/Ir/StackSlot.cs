namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// A piece of the stack frame: an address-taken local, a struct, a temporary copy. Its frame
/// offset is assigned when the backend lays out the frame.
/// </summary>
internal sealed class StackSlot(int size, int alignment, string name)
{
    public int Size { get; } = size;

    public int Alignment { get; } = Math.Max(alignment, 1);

    public string Name { get; } = name;

    /// <summary>Offset from r10 (negative) once the frame is laid out.</summary>
    public int FrameOffset { get; set; }

    public override string ToString() => $"${Name}";
}
