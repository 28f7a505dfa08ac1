namespace TraitsBpf;

/// <summary>
/// One iteration of <see cref="Bpf.Loop{TState}"/>: called with the iteration's index and the loop's
/// state, it returns 0 to go on or 1 to stop (the verifier refuses any other result). In a compiled
/// program it is a static method or a static lambda, compiled as a BPF callback subprogram.
/// </summary>
/// <typeparam name="TState">The state the loop carries, a struct on the caller's stack.</typeparam>
/// <param name="index">The iteration, from 0.</param>
/// <param name="state">The caller's state, read and written in place.</param>
/// <returns>0 to continue, 1 to stop.</returns>
public delegate long LoopCallback<TState>(uint index, ref TState state)
    where TState : unmanaged;
