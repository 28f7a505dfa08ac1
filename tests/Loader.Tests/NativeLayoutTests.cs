using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// Every struct passed to libbpf or the kernel has the size and field offsets C gives it:
/// a C program compiled with gcc against /usr/include/bpf prints sizeof/offsetof, and the
/// managed layouts must match.
/// </summary>
public sealed class NativeLayoutTests
{
    // C# struct -> (C type, C member names that differ from the C# field names).
    private static readonly (Type Managed, string C, Dictionary<string, string> Renames)[] s_structs =
    [
        (typeof(BpfObjectOpenOpts), "struct bpf_object_open_opts", []),
        (typeof(BpfTestRunOpts), "struct bpf_test_run_opts", []),
        (typeof(BpfXdpAttachOpts), "struct bpf_xdp_attach_opts", []),
        (typeof(BpfXdpQueryOpts), "struct bpf_xdp_query_opts", []),
        (typeof(BpfTcHook), "struct bpf_tc_hook", []),
        (typeof(BpfTcOpts), "struct bpf_tc_opts", []),
        (typeof(BpfLinkCreateOpts), "struct bpf_link_create_opts", new() { ["target_union"] = "perf_event" }),
        (typeof(BpfLinkUpdateOpts), "struct bpf_link_update_opts", []),
        (typeof(BpfProgLoadOpts), "struct bpf_prog_load_opts", []),
        (typeof(BpfObjGetOpts), "struct bpf_obj_get_opts", []),
        (typeof(BpfMapCreateOpts), "struct bpf_map_create_opts", []),
        (typeof(BpfProgInfo), "struct bpf_prog_info", []),
        (typeof(BpfMapInfo), "struct bpf_map_info", []),
        (typeof(BpfLinkInfo), "struct bpf_link_info", new() { ["target_union"] = "xdp" }),
        (typeof(BtfTypeHeader), "struct btf_type", new() { ["size_or_type"] = "size" }),
        (typeof(StatFs), "struct statfs", []),
        (typeof(Statx), "struct statx", []),
        (typeof(PerfEventAttr), "struct perf_event_attr", []),
        (typeof(PollFd), "struct pollfd", []),
        (typeof(SockaddrXdp), "struct sockaddr_xdp", []),
        (typeof(XdpRingOffset), "struct xdp_ring_offset", []),
        (typeof(XdpMmapOffsets), "struct xdp_mmap_offsets", []),
        (typeof(XdpDesc), "struct xdp_desc", []),
        (typeof(XdpStatistics), "struct xdp_statistics", []),
    ];

    // Structs the kernel takes in a shorter, versioned form: their size is that version's, not the header's sizeof.
    private static readonly Dictionary<Type, string> s_versionedSizes = new() { [typeof(PerfEventAttr)] = "PERF_ATTR_SIZE_VER1" };

    [Fact]
    public void Managed_structs_match_the_C_headers()
    {
        Run.RequireTool("gcc");
        var expected = CLayouts();
        var mismatches = new List<string>();

        foreach (var (managed, c, renames) in s_structs)
        {
            Compare(mismatches, $"sizeof({c})", Marshal.SizeOf(managed), expected);
            foreach (var field in managed.GetFields(BindingFlags.Instance | BindingFlags.Public))
            {
                var member = renames.GetValueOrDefault(field.Name, field.Name);
                Compare(mismatches, $"offsetof({c}, {member})", Marshal.OffsetOf(managed, field.Name).ToInt32(), expected);
            }
        }

        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    // Structs newer than the system's headers (Debian 12's linux/bpf.h is 6.1's), each proven instead by a test in
    // which the kernel would refuse or misread a wrong layout.
    private static readonly Type[] s_newerThanHeaders =
    [
        // The tcx link_create fields (6.6): TcxAttachTests places programs before and after others by id and checks the kernel's order.
        typeof(BpfLinkCreateTcxAttr),
        // xdp_umem_reg's tx_metadata_len (6.8): the kernel reads a UMEM of FrameSize chunks from it, and XskMapTrafficTests
        // (Programs.Tests) receive frames whole in 2048-byte frames and send them from 4096-byte ones.
        typeof(XdpUmemReg),
    ];

    [Fact]
    public void Every_interop_struct_is_covered()
    {
        var covered = s_structs.Select(s => s.Managed).Concat(s_newerThanHeaders).ToHashSet();
        var structs = typeof(BpfObject).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(BpfTestRunOpts).Namespace && t.IsValueType && !t.IsEnum && !t.IsNested && t.IsLayoutSequential)
            .ToList();

        Assert.NotEmpty(structs);
        Assert.All(structs, s => Assert.Contains(s, covered));
    }

    private static void Compare(List<string> mismatches, string expression, int managed, Dictionary<string, int> expected)
    {
        if (!expected.TryGetValue(expression, out var native))
            mismatches.Add($"{expression}: not printed by the C probe");
        else if (native != managed)
            mismatches.Add($"{expression}: C says {native}, C# says {managed}");
    }

    private static Dictionary<string, int> CLayouts()
    {
        var program = new StringBuilder("""
            #include <stddef.h>
            #include <stdio.h>
            #include <sys/vfs.h>
            #include <poll.h>
            #include <linux/stat.h>
            #include <linux/bpf.h>
            #include <linux/btf.h>
            #include <linux/perf_event.h>
            #include <linux/if_xdp.h>
            #include <bpf/libbpf.h>
            #include <bpf/bpf.h>
            int main(void) {

            """);
        foreach (var (managed, c, renames) in s_structs)
        {
            program.AppendLine($"printf(\"sizeof({c})=%zu\\n\", (size_t)({s_versionedSizes.GetValueOrDefault(managed, $"sizeof({c})")}));");
            foreach (var field in managed.GetFields(BindingFlags.Instance | BindingFlags.Public))
            {
                var member = renames.GetValueOrDefault(field.Name, field.Name);
                program.AppendLine($"printf(\"offsetof({c}, {member})=%zu\\n\", offsetof({c}, {member}));");
            }
        }
        program.AppendLine("return 0; }");

        var directory = Directory.CreateTempSubdirectory("traitsbpf-layout-");
        try
        {
            var source = Path.Combine(directory.FullName, "layout.c");
            var binary = Path.Combine(directory.FullName, "layout");
            File.WriteAllText(source, program.ToString());
            Run.Command("gcc", "-Wall", "-Werror", "-o", binary, source).EnsureSuccess();
            return Run.Command(binary).EnsureSuccess().Stdout
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('='))
                .ToDictionary(parts => parts[0], parts => int.Parse(parts[1]));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
