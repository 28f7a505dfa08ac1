namespace TraitsBpf.Compiler.Passes;

/// <summary>What a socket reference may be at a point of the program (<see cref="SocketReferenceCheck"/>): a set of these.</summary>
[Flags]
internal enum ReferenceStates
{
    /// <summary>Unreached.</summary>
    None = 0,
    /// <summary>The lookup has not run yet.</summary>
    NotTaken = 1,
    /// <summary>The lookup found nothing.</summary>
    Null = 2,
    /// <summary>The lookup found a socket and the program holds a reference on it.</summary>
    Held = 4,
    /// <summary>The reference was released.</summary>
    Released = 8,
}
