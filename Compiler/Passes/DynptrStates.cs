namespace TraitsBpf.Compiler.Passes;

/// <summary>What a <c>Dynptr</c> local may hold at a point of the program (<see cref="RingBufferDynptrCheck"/>): a set of these.</summary>
[Flags]
internal enum DynptrStates
{
    /// <summary>Unreached.</summary>
    None = 0,
    /// <summary>Nothing has made a dynptr in it yet: the verifier refuses to use it.</summary>
    Unmade = 1,
    /// <summary>A ring-buffer record ReserveDynptr reserved, which must be submitted or discarded (a null one too).</summary>
    Reserved = 2,
    /// <summary>The record was submitted or discarded: the dynptr is null, and its slices are gone.</summary>
    Released = 4,
    /// <summary>Another dynptr (a packet's, a map value's), which nothing releases.</summary>
    Other = 8,
}
