namespace TraitsBpf.Compiler;

/// <summary>One item of a function's stack frame: a local, a temporary copy, a spill slot.</summary>
/// <param name="Name">The item as the compiler names it: the method and local (<c>Balance.pckt</c>), <c>tmp.Type</c>, <c>spill.vN</c>.</param>
/// <param name="Size">Its bytes.</param>
/// <param name="FrameOffset">Where it starts, below r10 (negative); items never live at once may share bytes.</param>
public sealed record FrameItem(string Name, int Size, int FrameOffset);
