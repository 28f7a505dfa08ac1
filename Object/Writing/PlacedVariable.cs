using TraitsBpf.Object.Btf;

namespace TraitsBpf.Object.Writing;

/// <summary>A variable at its byte offset in a data section: an OBJECT symbol and a DATASEC entry.</summary>
internal sealed record PlacedVariable(string Name, int Offset, int Size, BtfVar Variable);
