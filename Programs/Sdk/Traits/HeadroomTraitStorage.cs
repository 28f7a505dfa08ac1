namespace TraitsBpf;

/// <summary>
/// The store of an XDP packet on a kernel with the trait kfuncs: at the start of the headroom,
/// right after <c>struct xdp_frame</c>, growing toward the metadata area and never into it. It
/// exists from the first successful set until the last key is deleted (the kernel's
/// XDP_FLAGS_HAS_TRAITS); while it exists the metadata and the packet cannot move into it.
/// </summary>
internal sealed unsafe class HeadroomTraitStorage(PacketBuffer buffer) : TraitStorage
{
    public override int Get(ulong key, void* value, int valueSize) =>
        buffer.HasTraits ? TraitStore.Get(buffer.TraitsStart, RoomEnd, key, value, valueSize) : Absent(key);

    public override int Set(ulong key, void* value, int size, ulong flags)
    {
        byte* store = buffer.TraitsStart;
        byte* end = RoomEnd;
        if (!buffer.HasTraits && end - store >= TraitStore.HeaderSize)
        {
            // A new store starts empty, whatever the headroom held.
            new Span<byte>(store, TraitStore.HeaderSize).Clear();
        }

        int result = TraitStore.Set(store, end, key, value, size, flags);
        if (result == 0)
        {
            buffer.HasTraits = true;
        }

        return result;
    }

    public override int Delete(ulong key)
    {
        if (!buffer.HasTraits)
        {
            return Absent(key);
        }

        byte* store = buffer.TraitsStart;
        int result = TraitStore.Delete(store, RoomEnd, key);
        if (result == 0 && TraitStore.Size(store) == TraitStore.HeaderSize)
        {
            // The last key is gone: the store and its headroom are given back.
            buffer.HasTraits = false;
        }

        return result;
    }

    public override byte[] ToArray() =>
        buffer.HasTraits ? new ReadOnlySpan<byte>(buffer.TraitsStart, TraitStore.Size(buffer.TraitsStart)).ToArray() : [];

    /// <summary>How far the store may grow: up to the metadata area, and at most 256 bytes.</summary>
    private byte* RoomEnd
    {
        get
        {
            byte* store = buffer.TraitsStart;
            long room = Math.Clamp(buffer.DataMeta - store, 0, TraitStore.MaxSize);
            return store + room;
        }
    }
}
