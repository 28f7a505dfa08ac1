namespace TraitsBpf;

/// <summary>
/// One record of <see cref="UserRingBuffer.Drain{TState}"/> (bpf_user_ringbuf_drain): called with a <see cref="Dynptr"/>
/// over the record user space wrote, which it reads (or writes) through the dynptr's methods, and the caller's state; it
/// returns 0 to go on or 1 to stop. In a compiled program it is a static method or a static lambda, compiled as a BPF
/// callback subprogram <c>long callback(const struct bpf_dynptr *record, void *ctx)</c>.
/// </summary>
/// <typeparam name="TState">The state the drain carries, a struct on the caller's stack.</typeparam>
/// <param name="record">The record; the kernel gives the handle read-only (<c>in</c>): it is not the program's to submit or keep.</param>
/// <param name="state">The caller's state, read and written in place.</param>
/// <returns>0 to continue, 1 to stop.</returns>
public delegate long UserRingBufferCallback<TState>(in Dynptr record, ref TState state)
    where TState : unmanaged;
