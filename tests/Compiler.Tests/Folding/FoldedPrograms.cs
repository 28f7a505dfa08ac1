namespace TraitsBpf.Compiler.Tests.Folding;

/// <summary>Programs whose inlined callees have branches a constant argument removes.</summary>
public static unsafe class FoldedPrograms
{
    /// <summary>The write below is dead for length 0; it must not be compiled, nor refused.</summary>
    [Xdp("fold_dead")]
    public static XdpAction DeadBranch(XdpContext ctx)
    {
        ulong* buffer = stackalloc ulong[1];
        Write((byte*)buffer, 0);
        return *buffer == 0 ? XdpAction.Pass : XdpAction.Drop;
    }

    private static void Write(byte* destination, int length)
    {
        if (length == 8)
        {
            *(ulong*)destination = 1;
        }
    }
}
