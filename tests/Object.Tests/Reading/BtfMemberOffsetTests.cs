using TraitsBpf.Object.Reading;
using TraitsBpf.Object.Tests.Support;

namespace TraitsBpf.Object.Tests.Reading;

/// <summary>
/// <see cref="BtfFile.MemberOffset"/> against the running kernel's BTF, on the members <c>traitsbpf trace</c>
/// reads: a plain member, members inside sk_buff's anonymous struct groups, a bitfield and names it lacks.
/// </summary>
public sealed class BtfMemberOffsetTests
{
    [Fact]
    public void AMemberOfTheStructItselfIsAtItsByteOffset()
    {
        // struct skb_shared_info { __u8 flags; __u8 meta_len; ... }: unchanged since metadata was added (4.15).
        Assert.Equal(0, RunningKernel.Btf.MemberOffset("skb_shared_info", "flags"));
        Assert.Equal(1, RunningKernel.Btf.MemberOffset("skb_shared_info", "meta_len"));
    }

    [Fact]
    public void MembersOfAnonymousStructsAndUnionsCountAtTheirOffsetInTheOuterStruct()
    {
        // transport_header, network_header and mac_header are consecutive u16s inside sk_buff's struct_group(headers).
        int? network = RunningKernel.Btf.MemberOffset("sk_buff", "network_header");
        Assert.NotNull(network);
        Assert.Equal(network + 2, RunningKernel.Btf.MemberOffset("sk_buff", "mac_header"));
        Assert.Equal(network - 2, RunningKernel.Btf.MemberOffset("sk_buff", "transport_header"));
        Assert.True(network > 64, $"network_header at {network}: the group's offset was not added");
    }

    [Fact]
    public void ABitfieldAnUnknownMemberAndAnUnknownStructHaveNoByteOffset()
    {
        Assert.Null(RunningKernel.Btf.MemberOffset("sk_buff", "pkt_type"));
        Assert.Null(RunningKernel.Btf.MemberOffset("sk_buff", "no_such_member"));
        Assert.Null(RunningKernel.Btf.MemberOffset("no_such_struct", "len"));
    }
}
