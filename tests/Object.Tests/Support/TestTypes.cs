using TraitsBpf.Object.Btf;

namespace TraitsBpf.Object.Tests.Support;

/// <summary>The BTF types clang emits for the C test programs (linux/bpf.h, bpf_helpers.h), built with the public type graph.</summary>
internal static class TestTypes
{
    public static readonly BtfInt Int = new("int", 4, BtfIntEncoding.Signed);
    public static readonly BtfInt UnsignedInt = new("unsigned int", 4, BtfIntEncoding.None);
    public static readonly BtfInt UnsignedShort = new("unsigned short", 2, BtfIntEncoding.None);
    public static readonly BtfInt UnsignedLongLong = new("unsigned long long", 8, BtfIntEncoding.None);
    public static readonly BtfTypedef U16 = new("__u16", UnsignedShort);
    public static readonly BtfTypedef U32 = new("__u32", UnsignedInt);
    public static readonly BtfTypedef U64 = new("__u64", UnsignedLongLong);

    public static readonly BtfStruct XdpMd = CreateXdpMd();

    /// <summary><c>int (struct xdp_md *ctx)</c>.</summary>
    public static readonly BtfFuncProto XdpProgramProto = new(Int, [new BtfParameter("ctx", new BtfPointer(XdpMd))]);

    public static BtfFunc XdpProgram(string name) => new(name, XdpProgramProto, BtfLinkage.Global);

    private static BtfStruct CreateXdpMd()
    {
        var xdpMd = new BtfStruct("xdp_md", 24);
        string[] members = ["data", "data_end", "data_meta", "ingress_ifindex", "rx_queue_index", "egress_ifindex"];
        for (int i = 0; i < members.Length; i++)
            xdpMd.Members.Add(new BtfMember(members[i], U32, i * 32));
        return xdpMd;
    }
}
