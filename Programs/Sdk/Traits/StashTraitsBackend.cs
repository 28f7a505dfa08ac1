namespace TraitsBpf.CompilerServices;

/// <summary>
/// The stash backend of packet traits, for stock kernels with <c>bpf_cast_to_kern_ctx</c> and
/// <c>tp_btf</c> (6.2+): the compiler inlines these methods for <c>ctx.Traits</c> in skb programs
/// when it compiles with <c>--traits stash</c> (XDP programs use <see cref="MetaTraitsBackend"/>).
/// Each sk_buff's store lives in one host-wide hash map keyed by the sk_buff's kernel address,
/// which the loader pins and shares between objects and the reaper's tracing programs empty when
/// the kernel frees the sk_buff. It follows the sk_buff where the metadata area does not: through
/// encapsulation, into the underlay's TC egress, after forwarding.
/// </summary>
/// <remarks>
/// <para>
/// The first skb program that reaches a packet's traits moves the store XDP left in the metadata
/// area (behind a valid <see cref="MetaTraitSeal"/>) into the address's entry, whatever it held,
/// and replaces the seal with a <see cref="StashToken"/> naming the entry; from then on the entry is
/// the packet's store. A set on a packet without either makes an empty entry first.
/// </para>
/// <para>
/// An entry records a generation, the sk_buff's <c>head</c> (its data buffer), and the packet's
/// <see cref="StashFingerprint"/> when it was made, and is the sk_buff's only while both agree: an entry
/// a free the reaper did not see left behind belongs to an earlier packet, even when the allocators
/// gave this one the same sk_buff and buffer, and reads as no traits.
/// </para>
/// <para>
/// A clone, or the sk_buff after the kernel moved it to a new buffer, finds its entry through the token
/// its buffer carries: the moved sk_buff its own, the clone a copy of its original's (copy on write).
/// </para>
/// <para>
/// The map has a fixed size and is never asked to evict: an entry that does not fit is refused and
/// counted in <c>tbpf_stash_full</c>, and the packet's traits stay where XDP put them, in the
/// metadata area, with the meta backend's rules.
/// </para>
/// </remarks>
internal static unsafe class StashTraitsBackend
{
    private const int MetaStoreRoom = Abi.TraitStoreFormat.MetaRoom - Abi.TraitStoreFormat.MetaSealSize;

    // The fields' names are the maps' names in the object, by which the loader gives every object the pinned maps.
#pragma warning disable IDE1006
    /// <summary>sk_buff address → entry, shared by every stash program on the host.</summary>
    private static readonly HashMap<ulong, StashEntry> tbpf_stash = new(Abi.TraitStashFormat.Capacity);

    /// <summary>Element 0: the entries the full stash refused, host-wide.</summary>
    private static readonly ArrayMap<ulong> tbpf_stash_full = new(1);

    /// <summary>Element 0: an all-zero entry, what a new entry starts as (an entry is too large for the stack).</summary>
    private static readonly ArrayMap<StashEntry> tbpf_stash_zero = new(1);
#pragma warning restore IDE1006

    /// <summary><c>ctx.Traits.TryGet</c> on an sk_buff: the value's size or -errno.</summary>
    public static int Get(SkBuff* skb, byte* meta, byte* data, byte* end, ulong key, void* value, long size)
    {
        StashEntry* entry = Entry(skb, meta, data, end, false);
        if (entry == null)
        {
            return MetaTraitsBackend.Get(meta, data, end, key, value, size);
        }

        byte* store = entry->Store;
        return TraitStore.Get(store, store + TraitStore.MaxSize, key, value, (int)size);
    }

    /// <summary>
    /// <c>ctx.Traits.TryGet</c> where the metadata area cannot be read (socket filters, cgroup skb programs): the value's
    /// size or -errno, from the sk_buff's entry of its own generation only. A store XDP left in the metadata area counts
    /// here once an skb program on the way (TC ingress, at the latest) has moved it.
    /// </summary>
    public static int GetFromEntry(SkBuff* skb, ulong key, void* value, long size)
    {
        StashEntry* entry = Own(skb);
        if (entry == null)
        {
            return -Errno.ENOENT;
        }

        byte* store = entry->Store;
        return TraitStore.Get(store, store + TraitStore.MaxSize, key, value, (int)size);
    }

    /// <summary><c>ctx.Traits.Set</c> where the metadata area cannot be read (cgroup skb programs): 0 or -errno; -ENOSPC when the full stash refused the entry.</summary>
    public static int SetInEntry(SkBuff* skb, ulong key, void* value, long size, ulong flags)
    {
        StashEntry* entry = OwnOrClaimed(skb);
        if (entry == null)
        {
            return -Errno.ENOSPC;
        }

        byte* store = entry->Store;
        return TraitStore.Set(store, store + TraitStore.MaxSize, key, value, (int)size, flags);
    }

    /// <summary><c>ctx.Traits.Delete</c> where the metadata area cannot be read (cgroup skb programs): 0 or -errno.</summary>
    public static int DeleteFromEntry(SkBuff* skb, ulong key)
    {
        StashEntry* entry = Own(skb);
        if (entry == null)
        {
            return -Errno.ENOENT;
        }

        byte* store = entry->Store;
        return TraitStore.Delete(store, store + TraitStore.MaxSize, key);
    }

    /// <summary><c>ctx.Traits.Set</c> on an sk_buff: 0 or -errno; the first set makes the sk_buff's entry.</summary>
    public static int Set(SkBuff* skb, byte* meta, byte* data, byte* end, ulong key, void* value, long size, ulong flags)
    {
        StashEntry* entry = Entry(skb, meta, data, end, true);
        if (entry == null)
        {
            return MetaTraitsBackend.Set(meta, data, end, key, value, size, flags);
        }

        byte* store = entry->Store;
        return TraitStore.Set(store, store + TraitStore.MaxSize, key, value, (int)size, flags);
    }

    /// <summary><c>ctx.Traits.Delete</c> on an sk_buff: 0 or -errno.</summary>
    public static int Delete(SkBuff* skb, byte* meta, byte* data, byte* end, ulong key)
    {
        StashEntry* entry = Entry(skb, meta, data, end, false);
        if (entry == null)
        {
            return MetaTraitsBackend.Delete(meta, data, end, key);
        }

        byte* store = entry->Store;
        return TraitStore.Delete(store, store + TraitStore.MaxSize, key);
    }

    /// <summary>The reaper's part: the kernel frees <paramref name="skb"/>, so its entry, if any, goes.</summary>
    public static void Forget(SkBuff* skb)
    {
        ulong address = (ulong)skb;
        tbpf_stash.Delete(address);
    }

    /// <summary>The sk_buff's entry when it has one of its generation, else null; nothing is made or moved (traitsbpf trace reads it).</summary>
    public static StashEntry* Peek(SkBuff* skb)
    {
        ulong address = (ulong)skb;
        StashEntry* entry = tbpf_stash.Lookup(address);
        return entry != null && IsOwnedBy(entry, skb, null, null) ? entry : null;
    }

    /// <summary>
    /// The sk_buff's entry: the one of its generation; else one made now, holding the store XDP left in the
    /// metadata area when a valid one is there; else, when the data buffer holds a token (<see cref="StashToken"/>),
    /// the entry it names: the sk_buff's own after the kernel moved it to a new data buffer, or, for a clone, a copy
    /// of its original's; else an empty one when <paramref name="create"/>. Null when there is none to make or the
    /// full stash refused it.
    /// </summary>
    private static StashEntry* Entry(SkBuff* skb, byte* meta, byte* data, byte* end, bool create)
    {
        // A sealed store in the metadata area is this packet's, fresh from XDP: it replaces whatever entry the address has.
        if (MetaTraitSeal.IsValid(meta, data, end))
        {
            ulong place = StashFingerprint.Place(skb, data, end);
            StashEntry* made = Claim(skb, place, StashFingerprint.Of(skb, place, data, end));
            if (made != null)
            {
                Move(meta + MetaTraitSeal.Size, data, made->Store);

                // The entry is the packet's store from now on: the token that replaces the seal names it, so that the
                // metadata area never replaces it again and a clone or a moved sk_buff can find it.
                StashToken.Write(meta, data, end, (ulong)skb, made->Nonce);
            }

            return made;
        }

        StashEntry* entry = tbpf_stash.Lookup((ulong)skb);
        if (entry != null && IsOwnedBy(entry, skb, data, end))
        {
            return entry;
        }

        // A read of a packet that has neither its own entry nor a token (most packets without traits) ends here,
        // without taking the fingerprint.
        ulong* token = stackalloc ulong[StashToken.Size / 8];
        bool tokened = StashToken.Read(skb, data, end, (byte*)token);
        if (!tokened && !create)
        {
            return null;
        }

        // Where and what the packet's fingerprint is now, taken once for every entry the rest may accept or make.
        ulong here = StashFingerprint.Place(skb, data, end);
        ulong mine = StashFingerprint.Of(skb, here, data, end);
        if (tokened)
        {
            ulong owner = StashToken.Owner((byte*)token);
            ulong nonce = StashToken.Nonce((byte*)token);
            if (owner == (ulong)skb)
            {
                // The kernel moved this sk_buff to a new data buffer (pskb_expand_head copies the headroom): still its entry.
                if (entry != null && entry->Nonce == nonce && Fits(entry, skb, data, end, here, mine))
                {
                    entry->Generation = (ulong)skb->Head;
                    return entry;
                }
            }
            else
            {
                // A clone the kernel moved to a new buffer since it got its copy: the token it carries is still its
                // original's, and its entry, made from that original's, is its own.
                if (entry != null && entry->Parent == ParentOf(owner, nonce) && Fits(entry, skb, data, end, here, mine))
                {
                    entry->Generation = (ulong)skb->Head;
                    return entry;
                }

                // Reading or writing, a clone gets its own copy at once (so no write of either side reaches the other), and
                // it may outlive its original, whose entry goes when the original is freed.
                StashEntry* inherited = Inherit(skb, meta, data, end, owner, nonce, here, mine);
                if (inherited != null || !create)
                {
                    return inherited;
                }
            }
        }

        return create ? Claim(skb, here, mine) : null;
    }

    /// <summary>
    /// A clone's first stash access: an entry of its own holding a copy of the store its original's entry
    /// (<paramref name="owner"/>, <paramref name="nonce"/>, named by the token the clone's data buffer carries)
    /// holds now, and, where the clone still has the metadata area, a token naming it. Null when the original is
    /// gone (freed, its entry reaped or reused), or the full stash refused the copy.
    /// </summary>
    private static StashEntry* Inherit(SkBuff* skb, byte* meta, byte* data, byte* end, ulong owner, ulong nonce, ulong here, ulong mine)
    {
        // A clone's packet is its original's: the same bytes where the original's entry anchors its fingerprint. The
        // nonce is read atomically, a full barrier, so that the copy below reads the store after it.
        StashEntry* original = tbpf_stash.Lookup(owner);
        if (original == null || Interlocked.Read(ref original->Nonce) != nonce || !Matches(original, skb, data, end, mine))
        {
            return null;
        }

        StashEntry* copy = Claim(skb, here, mine);
        if (copy == null)
        {
            return null;
        }

        byte* from = original->Store;
        byte* to = copy->Store;
        for (int i = 0; i < TraitStore.MaxSize; i += 8)
        {
            *(ulong*)(to + i) = *(ulong*)(from + i);
        }

        // The original may have been freed on another CPU while its store was copied, and its entry reused: a reuse
        // draws a new nonce (an atomic exchange, ordered before any byte of the new store) first, so the same nonce
        // now, read atomically after the copy, means the copy is whole.
        if (Interlocked.Read(ref original->Nonce) != nonce)
        {
            tbpf_stash.Delete((ulong)skb);
            return null;
        }

        copy->Parent = ParentOf(owner, nonce);
        StashToken.Write(meta, data, end, (ulong)skb, copy->Nonce);
        return copy;
    }

    /// <summary>The sk_buff's entry of its own generation, or null.</summary>
    private static StashEntry* Own(SkBuff* skb)
    {
        StashEntry* entry = tbpf_stash.Lookup((ulong)skb);
        return entry != null && IsOwnedBy(entry, skb, null, null) ? entry : null;
    }

    /// <summary>
    /// Whether <paramref name="entry"/>, found at the sk_buff's address, is this packet's: the same data buffer
    /// (generation) and the same bytes at its anchor (fingerprint). An entry a free the reaper did not see left at
    /// this address belongs to an earlier packet, however alike its buffer.
    /// </summary>
    private static bool IsOwnedBy(StashEntry* entry, SkBuff* skb, byte* data, byte* end)
    {
        if (entry->Generation != (ulong)skb->Head)
        {
            return false;
        }

        ulong fingerprint = StashFingerprint.Of(skb, entry->Anchor, data, end);
        return fingerprint != 0 && fingerprint == entry->Fingerprint;
    }

    /// <summary>
    /// Whether <paramref name="entry"/>'s fingerprint is that of the sk_buff's packet, at the entry's place or at the
    /// place the packet gives now (<paramref name="here"/>, where its fingerprint is <paramref name="mine"/>: a move
    /// to a new buffer with more headroom shifts every offset); then the entry is placed where it matched. A token's
    /// entry must pass it too, so that a stale token never lends another packet's entry.
    /// </summary>
    private static bool Fits(StashEntry* entry, SkBuff* skb, byte* data, byte* end, ulong here, ulong mine)
    {
        ulong fingerprint = entry->Fingerprint;
        if (fingerprint == 0)
        {
            return false;
        }

        if (StashFingerprint.Of(skb, entry->Anchor, data, end) == fingerprint)
        {
            return true;
        }

        if (mine != fingerprint)
        {
            return false;
        }

        entry->Anchor = here;
        return true;
    }

    /// <summary>Whether <paramref name="entry"/>'s fingerprint is the sk_buff's packet's at the entry's place or is <paramref name="mine"/>, the packet's now.</summary>
    private static bool Matches(StashEntry* entry, SkBuff* skb, byte* data, byte* end, ulong mine)
    {
        ulong fingerprint = entry->Fingerprint;
        return fingerprint != 0 && (mine == fingerprint || StashFingerprint.Of(skb, entry->Anchor, data, end) == fingerprint);
    }

    /// <summary>What an entry copied from the entry a token names (<paramref name="owner"/>, <paramref name="nonce"/>) records of it; never 0.</summary>
    private static ulong ParentOf(ulong owner, ulong nonce) => MetaTraitSeal.Mix(owner ^ MetaTraitSeal.Mix(nonce)) | 1;

    /// <summary>The sk_buff's entry of its own generation, else an empty one claimed now (null when the stash is full).</summary>
    private static StashEntry* OwnOrClaimed(SkBuff* skb)
    {
        StashEntry* entry = Own(skb);
        if (entry != null)
        {
            return entry;
        }

        ulong place = StashFingerprint.Place(skb, null, null);
        return Claim(skb, place, StashFingerprint.Of(skb, place));
    }

    /// <summary>
    /// An empty entry for the sk_buff, of its generation: the address's entry, whatever it held (an entry of another
    /// generation is an earlier sk_buff's, left by a free the reaper did not see), or a new one, with the packet's
    /// fingerprint <paramref name="fingerprint"/> taken at <paramref name="place"/>; null when the full stash refused it
    /// (counted).
    /// </summary>
    private static StashEntry* Claim(SkBuff* skb, ulong place, ulong fingerprint)
    {
        ulong address = (ulong)skb;
        StashEntry* entry = tbpf_stash.Lookup(address);
        if (entry == null)
        {
            StashEntry* zero = tbpf_stash_zero.Lookup(0);
            if (zero == null)
            {
                return null;
            }

            if (tbpf_stash.Update(address, *zero, MapUpdate.NoExist) != 0)
            {
                ulong* refused = tbpf_stash_full.Lookup(0);
                if (refused != null)
                {
                    Interlocked.Increment(ref *refused);
                }

                return null;
            }

            entry = tbpf_stash.Lookup(address);
            if (entry == null)
            {
                return null;
            }
        }

        // The nonce first, by an atomic exchange (a full barrier): a clone copying this entry's store as it was checks
        // the nonce after the copy (Inherit).
        Interlocked.Exchange(ref entry->Nonce, (ulong)Bpf.GetPrandomU32() << 32 | Bpf.GetPrandomU32());
        entry->Generation = (ulong)skb->Head;
        entry->Parent = 0;
        entry->Anchor = place;
        entry->Fingerprint = fingerprint;
        byte* store = entry->Store;
        *(ulong*)store = 0;
        *(ulong*)(store + 8) = 0;
        *(ulong*)(store + 16) = 0;
        return entry;
    }

    /// <summary>Copies the meta store at <paramref name="from"/> (up to the packet's start) into an entry's store.</summary>
    private static void Move(byte* from, byte* data, byte* to)
    {
        for (int i = 0; i < MetaStoreRoom; i += 8)
        {
            if (from + i + 8 > data)
            {
                return;
            }

            *(ulong*)(to + i) = *(ulong*)(from + i);
        }
    }
}
