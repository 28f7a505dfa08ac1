namespace TraitsBpf.Compiler.Bpf.Machine;

/// <summary>Machine operations: BPF instructions plus a few pseudo-operations expanded at emission.</summary>
internal enum MachineOp
{
    /// <summary>dst = dst op src (or op imm). BPF ALU/ALU64.</summary>
    Alu,
    /// <summary>dst = src (or imm); 32-bit moves zero the upper half.</summary>
    Mov,
    /// <summary>dst = sign-extend(low bits of src). ISA v4 movsx.</summary>
    MovSx,
    /// <summary>dst = -dst.</summary>
    Neg,
    /// <summary>dst = byte-swapped low bits of dst (be16/be32/be64 on this little-endian target).</summary>
    ByteSwap,
    /// <summary>dst = *(size *)(base + off), zero- or sign-extended.</summary>
    Load,
    /// <summary>*(size *)(base + off) = src.</summary>
    Store,
    /// <summary>*(size *)(base + off) = imm.</summary>
    StoreImm,
    /// <summary>Atomic read-modify-write at base + off with src; with fetch, src receives the old value (cmpxchg: r0).</summary>
    Atomic,
    /// <summary>dst = 64-bit immediate, or the address of a relocated symbol.</summary>
    LoadImm64,
    /// <summary>goto target.</summary>
    Jump,
    /// <summary>if (a cond b) goto true-target else goto false-target.</summary>
    Branch,
    /// <summary>call helper, subprogram or kfunc; arguments in r1–r5, result in r0, r1–r5 clobbered.</summary>
    Call,
    /// <summary>
    /// r0 = classic packet load (BPF_LD_ABS at <c>Imm</c>, or BPF_LD_IND at <c>Src</c>) of the sk_buff in r6;
    /// r1–r5 clobbered, as the kernel turns it into a helper call that may end the program.
    /// </summary>
    PacketLoad,
    /// <summary>return r0.</summary>
    Exit,
    /// <summary>Pseudo: dst = (a cond b) ? 1 : 0, three instructions at emission.</summary>
    SetCond,
    /// <summary>Pseudo: dst = r10 + slot offset, two instructions at emission.</summary>
    FrameAddress,
}
