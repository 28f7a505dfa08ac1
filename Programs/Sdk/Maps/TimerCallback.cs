namespace TraitsBpf;

/// <summary>
/// What a <see cref="BpfTimer"/> calls when it fires: the key and value of the map element that holds the timer, as
/// bpf_timer_set_callback's <c>callback_fn(map, key, value)</c> gets them (the map has no C# parameter). It returns 0,
/// the only result the verifier accepts. In a compiled program it is a static method or a static lambda, compiled as
/// a BPF callback subprogram.
/// </summary>
/// <typeparam name="TKey">The map's key type (<c>uint</c> for an <see cref="ArrayMap{TValue}"/>).</typeparam>
/// <typeparam name="TValue">The map's value type, which holds the timer.</typeparam>
/// <param name="key">The element's key.</param>
/// <param name="value">The element's value, changed in place.</param>
/// <returns>0.</returns>
public delegate long TimerCallback<TKey, TValue>(in TKey key, ref TValue value)
    where TKey : unmanaged
    where TValue : unmanaged;
