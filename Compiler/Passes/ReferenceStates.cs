namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// What a reference may be at a point of the program: a socket a lookup returned (<see cref="SocketReferenceCheck"/>) or a
/// ring-buffer record a dynptr holds (<see cref="RingBufferDynptrCheck"/>, which has no null state: a failed reservation
/// still holds its reference). A set of these.
/// </summary>
[Flags]
internal enum ReferenceStates
{
    /// <summary>Unreached.</summary>
    None = 0,
    /// <summary>The lookup (reservation) has not run yet.</summary>
    NotTaken = 1,
    /// <summary>The lookup found nothing.</summary>
    Null = 2,
    /// <summary>The lookup found a socket (the reservation ran) and the program holds a reference on it.</summary>
    Held = 4,
    /// <summary>The reference was released (the record submitted or discarded).</summary>
    Released = 8,
}
