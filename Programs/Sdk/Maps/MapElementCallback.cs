namespace TraitsBpf;

/// <summary>
/// One element of a map's <c>ForEach</c> (bpf_for_each_map_elem): called with the element's key and value,
/// which it may change in place, and the caller's state; it returns 0 to go on or 1 to stop. In a compiled
/// program it is a static method or a static lambda, compiled as a BPF callback subprogram.
/// </summary>
/// <typeparam name="TKey">The map's key type (<c>uint</c> for an array's index).</typeparam>
/// <typeparam name="TValue">The map's value type.</typeparam>
/// <typeparam name="TState">The state the walk carries, a struct on the caller's stack.</typeparam>
/// <param name="key">The element's key; the kernel gives it read-only.</param>
/// <param name="value">The element's value (this CPU's, for a per-CPU map), written in place.</param>
/// <param name="state">The caller's state, read and written in place.</param>
/// <returns>0 to continue, 1 to stop.</returns>
public delegate long MapElementCallback<TKey, TValue, TState>(in TKey key, ref TValue value, ref TState state)
    where TKey : unmanaged
    where TValue : unmanaged
    where TState : unmanaged;
