using TraitsBpf.Loader.Attach;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.TestSupport.Host;
using Slot = TraitsBpf.Programs.Tests.Helpers.CgroupHelperPrograms.Slot;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// The cgroup helpers: a process moved into a cgroup of the test's own (a private cgroup v2 mount) sends a datagram over
/// a namespace's loopback, and TC egress sees that cgroup as the socket's and the task's, the cgroup array answers 1 for
/// it and 0 for a sibling; a test run sees the calling process's cgroup. Managed execution, given the same cgroups as
/// inputs, answers what the kernel answered, and without them says it needs them.
/// </summary>
public sealed class CgroupHelperTests : IDisposable
{
    private static readonly string Assembly = typeof(CgroupHelperPrograms).Assembly.Location;

    private readonly PrivateCgroup cgroup = new();

    [Fact]
    public void Tc_egress_sees_the_cgroup_of_the_process_that_sent_and_managed_execution_agrees()
    {
        string sibling = Directory.CreateDirectory(Path.Combine(cgroup.Mount, UniqueName.Next())).FullName;
        try
        {
            using var ns = new NetworkNamespace();
            ns.Ip("link", "set", "lo", "up");
            var kernel = NetworkNamespaceThread.Run(ns.Name, () =>
            {
                using var programs = new CompiledAssembly(Assembly, "h_cgroup");
                using var first = CgroupDirectory.Open(cgroup.Path);
                using var second = CgroupDirectory.Open(sibling);
                StoreCgroup(programs, 0, first);
                StoreCgroup(programs, 1, second);
                using var tc = programs.Program("h_cgroup").AttachTc("lo", AttachHook.TcEgress);
                Tool.RunClean("ip", "netns", "exec", ns.Name, "bash", "-c",
                    $"echo $$ > {cgroup.Procs} && echo hello > /dev/udp/127.0.0.1/{CgroupHelperPrograms.RecordedPort}");
                return Results(programs);
            });

            long id = (long)CgroupDirectory.Id(cgroup.Path);
            Assert.Equal(1, kernel[(int)Slot.Packets]);
            Assert.Equal(id, kernel[(int)Slot.SocketCgroup]);
            Assert.Equal((long)CgroupDirectory.Id(cgroup.Mount), kernel[(int)Slot.SocketRoot]);
            Assert.Equal(id, kernel[(int)Slot.SocketLevel1]);
            Assert.Equal(0, kernel[(int)Slot.SocketMissingLevel]);
            Assert.Equal(1, kernel[(int)Slot.UnderSlot0]);
            Assert.Equal(0, kernel[(int)Slot.UnderSlot1]);
            Assert.Equal(-Errno.EAGAIN, kernel[(int)Slot.UnderEmptySlot]);
            Assert.Equal(-Errno.E2BIG, kernel[(int)Slot.UnderPastTheMap]);
            Assert.Equal(id, kernel[(int)Slot.TaskCgroup]);
            Assert.Equal(id, kernel[(int)Slot.TaskLevel1]);
            Assert.Equal(0, kernel[(int)Slot.TaskMissingLevel]);

            var sender = CgroupDirectory.Membership(cgroup.Mount, cgroup.Path);
            Assert.Equal(kernel, RunManaged(sender, sender, [(ulong)id, CgroupDirectory.Id(sibling)], Datagram()));
        }
        finally
        {
            Directory.Delete(sibling);
        }
    }

    [Fact]
    public void A_test_run_sees_the_calling_process_cgroup_and_managed_execution_agrees()
    {
        using var programs = new CompiledAssembly(Assembly, "h_cgroup", "h_cgroup_skb");
        using var root = CgroupDirectory.Open(cgroup.Mount);
        using var mine = CgroupDirectory.Open(cgroup.Path);
        StoreCgroup(programs, 0, root);
        StoreCgroup(programs, 1, mine);
        var packet = Datagram();
        packet[0] = 0xCC;
        programs.Program("h_cgroup").TestRun(packet);
        programs.Program("h_cgroup_skb").TestRun(packet);
        var kernel = Results(programs);

        var caller = CgroupDirectory.OfThisProcess(cgroup.Mount);
        Assert.Equal((long)caller.Id, kernel[(int)Slot.SocketCgroup]);
        Assert.Equal((long)caller.Id, kernel[(int)Slot.TaskCgroup]);
        Assert.Equal(1, kernel[(int)Slot.UnderSlot0]);
        Assert.Equal(caller.IsUnder(CgroupDirectory.Id(cgroup.Path)) ? 1 : 0, kernel[(int)Slot.UnderSlot1]);
        Assert.Equal(kernel, RunManaged(caller, caller, [CgroupDirectory.Id(cgroup.Mount), CgroupDirectory.Id(cgroup.Path)], packet));

        var kernelCgroupSkb = Enumerable.Range(0, 3).Select(slot => (long)programs.ReadUInt64("CgroupSkbResults", (uint)slot)).ToArray();
        Assert.Equal([(long)caller.Id, (long)caller.AncestorId(1), 1], kernelCgroupSkb);
        CgroupHelperPrograms.CgroupSkbResults.Clear();
        using (var ctx = CgroupSkbContext.ForPacket(packet.AsSpan(14)))
        {
            ctx.SocketCgroup = caller;
            Assert.Equal(CgroupSkbVerdict.Allow, ManagedExecution.Run(CgroupHelperPrograms.RecordCgroupSkb, ctx));
        }

        Assert.Equal(kernelCgroupSkb, Enumerable.Range(0, 3).Select(slot => CgroupHelperPrograms.CgroupSkbResults[(uint)slot]).ToArray());
    }

    [Fact]
    public void Managed_execution_says_which_cgroup_it_needs_rather_than_answering()
    {
        using var ctx = TcContext.ForPacket(Datagram());
        var socket = Assert.Throws<NotSupportedException>(() => ctx.CgroupId());
        Assert.Contains("set TcContext.SocketCgroup", socket.Message, StringComparison.Ordinal);
        ctx.SocketCgroup = CgroupMembership.NoSocket;
        Assert.Equal(0UL, ctx.CgroupId());
        Assert.Equal(-Errno.ENOENT, ctx.UnderCgroup(CgroupHelperPrograms.Cgroups, 0));
        var task = Assert.Throws<NotSupportedException>(() => Bpf.GetCurrentCgroupId());
        Assert.Contains("set ManagedExecution.CurrentCgroup", task.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bpftool_loads_the_object_unchanged_and_shows_the_cgroup_array()
    {
        var compiled = Compiler.BpfCompiler.Compile(Assembly, new Compiler.CompilerOptions { Programs = ["h_cgroup"] });
        using var bpffs = new TemporaryBpfFs();
        string path = Path.Combine(Path.GetTempPath(), $"{UniqueName.Next()}.o");
        File.WriteAllBytes(path, compiled.Object);
        try
        {
            Tool.RunClean("bpftool", "prog", "loadall", path, Path.Combine(bpffs.Mount, "progs"), "pinmaps", Path.Combine(bpffs.Mount, "maps"));
            string map = Tool.RunClean("bpftool", "map", "show", "pinned", Path.Combine(bpffs.Mount, "maps", "Cgroups")).Output;
            Assert.Contains("cgroup_array", map, StringComparison.Ordinal);
            Assert.Contains("key 4B  value 4B  max_entries 4", map, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public void Dispose() => cgroup.Dispose();

    /// <summary>Stores the directory's descriptor in slot <paramref name="index"/> of the cgroup array, as user space does.</summary>
    private static void StoreCgroup(CompiledAssembly programs, uint index, Microsoft.Win32.SafeHandles.SafeFileHandle directory) =>
        programs.Map("Cgroups").Update(BitConverter.GetBytes(index), BitConverter.GetBytes((int)directory.DangerousGetHandle()));

    private static long[] Results(CompiledAssembly programs) =>
        [.. Enumerable.Range(0, 16).Select(slot => (long)programs.ReadUInt64("Results", (uint)slot))];

    /// <summary>The TC program run as managed code with these cgroups for the socket, the task and the array's slots 0 and 1.</summary>
    private static long[] RunManaged(CgroupMembership socket, CgroupMembership task, ulong[] slots, byte[] packet)
    {
        CgroupHelperPrograms.Results.Clear();
        CgroupHelperPrograms.Cgroups.Clear();
        CgroupHelperPrograms.Cgroups.Set(0, slots[0]);
        CgroupHelperPrograms.Cgroups.Set(1, slots[1]);
        ManagedExecution.CurrentCgroup = task;
        try
        {
            using var ctx = TcContext.ForPacket(packet);
            ctx.SocketCgroup = socket;
            Assert.Equal(TcAction.Ok, ManagedExecution.Run(CgroupHelperPrograms.Record, ctx));
            return [.. Enumerable.Range(0, 16).Select(slot => CgroupHelperPrograms.Results[(uint)slot])];
        }
        finally
        {
            ManagedExecution.CurrentCgroup = null;
        }
    }

    private static byte[] Datagram() => PacketBuilder.Ethernet(0x0800).IPv4(17).Udp(40000, CgroupHelperPrograms.RecordedPort).Build();
}
