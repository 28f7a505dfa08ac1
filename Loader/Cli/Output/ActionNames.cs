using TraitsBpf.Loader;

namespace TraitsBpf.Cli.Output;

/// <summary>The names of program return values: XDP actions, TC actions, socket filter and cgroup skb verdicts.</summary>
internal static class ActionNames
{
    private static readonly string[] s_xdp = ["XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX", "XDP_REDIRECT"];

    private static readonly string[] s_tc =
        ["TC_ACT_OK", "TC_ACT_RECLASSIFY", "TC_ACT_SHOT", "TC_ACT_PIPE", "TC_ACT_STOLEN", "TC_ACT_QUEUED", "TC_ACT_REPEAT", "TC_ACT_REDIRECT", "TC_ACT_TRAP"];

    public static string Describe(BpfProgramType type, uint value) => type switch
    {
        BpfProgramType.Xdp when value < s_xdp.Length => s_xdp[value],
        BpfProgramType.SchedCls or BpfProgramType.SchedAct when value == uint.MaxValue => "TC_ACT_UNSPEC",
        BpfProgramType.SchedCls or BpfProgramType.SchedAct when value < s_tc.Length => s_tc[value],
        BpfProgramType.SocketFilter => value == 0 ? "drop" : $"keep {value} bytes",
        BpfProgramType.CgroupSkb when value <= 1 => value == 0 ? "drop" : "allow",
        _ => "unknown action",
    };
}
