namespace TraitsBpf.Traits.Tests.LoaderSide;

/// <summary>
/// Programs whose named traits exercise the host registry through traitsbpf. Their names start
/// with <c>tbpf_test_</c>, and the tests remove exactly those names from the host's registry.
/// </summary>
public static unsafe class RegistryPrograms
{
    /// <summary>The prefix of every trait name these programs register on the host.</summary>
    public const string NamePrefix = "tbpf_test_";

    public static readonly Trait<ulong> Tag = new("tbpf_test_tag");
    public static readonly Trait<uint> Narrow = new("tbpf_test_conflict");

    /// <summary>The integer key reg_tag also uses.</summary>
    public const int IntegerKey = 9;

    /// <summary>Tags the packet with its first 8 bytes under a named key and an integer key; passes it.</summary>
    [Xdp("reg_tag")]
    public static XdpAction TagPacket(XdpContext ctx)
    {
        ulong* first = ctx.Header<ulong>(0);
        if (first == null)
        {
            return XdpAction.Aborted;
        }

        ulong value = *first;
        if (ctx.Traits.Set(Tag, value) != 0 || ctx.Traits.Set(IntegerKey, (ushort)value) != 0)
        {
            return XdpAction.Drop;
        }

        return XdpAction.Pass;
    }

    /// <summary>Declares tbpf_test_conflict as a 4-byte uint (the conflict test registers it as 8 bytes first).</summary>
    [Xdp("reg_narrow")]
    public static XdpAction SetNarrow(XdpContext ctx) => ctx.Traits.Set(Narrow, 1u) == 0 ? XdpAction.Pass : XdpAction.Drop;
}
