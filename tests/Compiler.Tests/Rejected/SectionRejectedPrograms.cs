namespace TraitsBpf.Compiler.Tests.Rejected;

/// <summary>Named data sections the compiler must refuse where the field is used.</summary>
public static unsafe partial class RejectedPrograms
{
    [DataSection("maps")]
    private static readonly ArrayMap<ulong> SectionedMap = new(1);

    [DataSection("has space")]
    private static uint BadlyNamed;

    [Xdp("bad_datasection_map")]
    public static XdpAction MapInNamedSection(XdpContext ctx)
    {
        ulong* value = SectionedMap.Lookup(0); // rejected: datasection map
        return value == null ? XdpAction.Drop : XdpAction.Pass;
    }

    [Xdp("bad_datasection_name")]
    public static XdpAction BadSectionName(XdpContext ctx)
    {
        BadlyNamed++; // rejected: datasection name
        return XdpAction.Pass;
    }
}
