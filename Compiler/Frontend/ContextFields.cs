using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// The context fields the SDK's <c>[BpfIntrinsic]</c> names refer to, with offsets from the
/// kernel's UAPI (include/uapi/linux/bpf.h). The verifier rewrites these loads into the real
/// kernel structure accesses, so they must be exactly these offsets and sizes.
/// </summary>
internal static class ContextFields
{
    private static readonly Dictionary<string, ContextField> Fields = new(StringComparer.Ordinal)
    {
        ["xdp_md.data"] = new(0, 4, IrType.I64, ValueKind.Packet),
        ["xdp_md.data_end"] = new(4, 4, IrType.I64, ValueKind.PacketEnd),
        ["xdp_md.data_meta"] = new(8, 4, IrType.I64, ValueKind.Meta),
        ["xdp_md.ingress_ifindex"] = new(12, 4, IrType.I32, ValueKind.Scalar),
        ["xdp_md.rx_queue_index"] = new(16, 4, IrType.I32, ValueKind.Scalar),
        ["xdp_md.egress_ifindex"] = new(20, 4, IrType.I32, ValueKind.Scalar),
        ["__sk_buff.len"] = new(0, 4, IrType.I32, ValueKind.Scalar),
        ["__sk_buff.pkt_type"] = new(4, 4, IrType.I32, ValueKind.Scalar),
        ["__sk_buff.mark"] = new(8, 4, IrType.I32, ValueKind.Scalar),
        ["__sk_buff.queue_mapping"] = new(12, 4, IrType.I32, ValueKind.Scalar),
        ["__sk_buff.protocol"] = new(16, 4, IrType.I32, ValueKind.Scalar),
        ["__sk_buff.vlan_present"] = new(20, 4, IrType.I32, ValueKind.Scalar),
        ["__sk_buff.vlan_tci"] = new(24, 4, IrType.I32, ValueKind.Scalar),
        ["__sk_buff.vlan_proto"] = new(28, 4, IrType.I32, ValueKind.Scalar),
        ["__sk_buff.priority"] = new(32, 4, IrType.I32, ValueKind.Scalar),
        ["__sk_buff.ingress_ifindex"] = new(36, 4, IrType.I32, ValueKind.Scalar),
        ["__sk_buff.ifindex"] = new(40, 4, IrType.I32, ValueKind.Scalar),
        ["__sk_buff.tc_index"] = new(44, 4, IrType.I32, ValueKind.Scalar),
        ["__sk_buff.hash"] = new(68, 4, IrType.I32, ValueKind.Scalar),
        ["__sk_buff.tc_classid"] = new(72, 4, IrType.I32, ValueKind.Scalar),
        ["__sk_buff.data"] = new(76, 4, IrType.I64, ValueKind.Packet),
        ["__sk_buff.data_end"] = new(80, 4, IrType.I64, ValueKind.PacketEnd),
        ["__sk_buff.napi_id"] = new(84, 4, IrType.I32, ValueKind.Scalar),
        ["__sk_buff.data_meta"] = new(140, 4, IrType.I64, ValueKind.Meta),
        ["__sk_buff.tstamp"] = new(152, 8, IrType.I64, ValueKind.Scalar),
        ["__sk_buff.sk"] = new(168, 8, IrType.I64, ValueKind.Socket),
        ["__sk_buff.wire_len"] = new(160, 4, IrType.I32, ValueKind.Scalar),
        ["__sk_buff.tstamp_type"] = new(180, 1, IrType.I32, ValueKind.Scalar),
        ["bpf_sock_addr.user_family"] = new(0, 4, IrType.I32, ValueKind.Scalar),
        ["bpf_sock_addr.user_ip4"] = new(4, 4, IrType.I32, ValueKind.Scalar),
        ["bpf_sock_addr.user_ip6"] = new(8, 4, IrType.I32, ValueKind.Scalar, Words: 4),
        ["bpf_sock_addr.user_port"] = new(24, 4, IrType.I32, ValueKind.Scalar),
        ["bpf_sock_addr.family"] = new(28, 4, IrType.I32, ValueKind.Scalar),
        ["bpf_sock_addr.type"] = new(32, 4, IrType.I32, ValueKind.Scalar),
        ["bpf_sock_addr.protocol"] = new(36, 4, IrType.I32, ValueKind.Scalar),
        ["bpf_sock_addr.msg_src_ip4"] = new(40, 4, IrType.I32, ValueKind.Scalar),
        ["bpf_sock_addr.msg_src_ip6"] = new(44, 4, IrType.I32, ValueKind.Scalar, Words: 4),
    };

    /// <summary>Every field by its <c>[BpfIntrinsic]</c> name, for the intrinsics table.</summary>
    public static IReadOnlyDictionary<string, ContextField> All => Fields;
}
