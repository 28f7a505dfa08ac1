namespace TraitsBpf.Object.Writing;

/// <summary>A code section's bytes with relocated instructions patched as clang leaves them, and the ELF relocations it needs.</summary>
internal sealed record RelocatedCode(CodeSection Source, byte[] Code, IReadOnlyList<SymbolicRelocation> Relocations);
