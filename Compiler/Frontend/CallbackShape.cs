namespace TraitsBpf.Compiler.Frontend;

/// <summary>How a helper calls a callback subprogram back: the C prototype its registers follow.</summary>
internal enum CallbackShape
{
    /// <summary>bpf_loop: <c>long callback(u64 index, void *ctx)</c>; the C# method takes <c>(uint index, ref TState state)</c>.</summary>
    Loop,

    /// <summary>
    /// bpf_for_each_map_elem: <c>long callback(struct bpf_map *map, const void *key, void *value, void *ctx)</c>; the C#
    /// method takes <c>(in TKey key, ref TValue value, ref TState state)</c>, without the map.
    /// </summary>
    MapElement,

    /// <summary>
    /// bpf_timer_set_callback: <c>long callback(void *map, void *key, void *value)</c>, called when the timer fires; the C#
    /// method takes <c>(in TKey key, ref TValue value)</c>, without the map.
    /// </summary>
    TimerElement,
}
