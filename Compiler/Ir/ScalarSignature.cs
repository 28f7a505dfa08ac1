namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// A parameter or return value as BTF describes it: a name and an integer of some size and
/// signedness, or a pointer. Recorded at IR construction so later stages need no C# types.
/// </summary>
internal sealed record ScalarSignature(string Name, int Size, bool Signed, bool IsPointer);
