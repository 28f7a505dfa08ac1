using TraitsBpf.Abi;
using TraitsBpf.Compiler;
using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Pins;
using TraitsBpf.Loader.Traits;
using TraitsBpf.TestSupport.Host;
using TraitsBpf.Traits.Tests.Infrastructure;

namespace TraitsBpf.Traits.Tests.LoaderSide;

/// <summary>
/// Traits in cgroup skb programs under the stash backend, with real traffic: numbered UDP datagrams tagged at the
/// sender cgroup's egress and read at the receiver's TC ingress, and tagged at the receiver's XDP and read at the
/// receiving cgroup's ingress, each against its own sequence number; and the backends a cgroup skb program cannot use,
/// refused.
/// </summary>
public sealed class StashCgroupSkbTests : IDisposable
{
    private const int Datagrams = 300;
    private static readonly string Assembly = typeof(StashPrograms).Assembly.Location;
    private readonly ScratchPinRoot root = new();

    public void Dispose() => root.Dispose();

    [Fact]
    public void TraitsSetAtACgroupsEgressReachTheReceiversTc()
    {
        using var bpf = Load("stash_cg_tag", "stash_count");
        using var veth = new VethPair();
        using var cgroup = new PrivateCgroup();
        using var tagger = CgroupHooks.AttachLink(bpf.Program("stash_cg_tag").Fd, cgroup.Path, "skb_egress");
        using var reader = NetworkNamespaceThread.Run(veth.ReceiverNamespace, () => bpf.Program("stash_count").AttachTc(veth.ReceiverInterface, AttachHook.TcIngress));
        veth.Ping(1);

        Send(veth, cgroup.Procs);

        Assert.Equal(((ulong)Datagrams, 0UL, 0UL), StashTestObjects.Counts(bpf, "Seen"));
    }

    [Fact]
    public async Task ACgroupsIngressReadsEachDatagramsOwnTraits()
    {
        using var bpf = Load("stash_tag", "stash_count", "stash_cg_count");
        using var veth = new VethPair();
        using var cgroup = new PrivateCgroup();
        using var counter = CgroupHooks.AttachLink(bpf.Program("stash_cg_count").Fd, cgroup.Path, "skb_ingress");
        var attachments = NetworkNamespaceThread.Run(veth.ReceiverNamespace, () => new[]
        {
            bpf.Program("stash_tag").AttachXdp(veth.ReceiverInterface),
            bpf.Program("stash_count").AttachTc(veth.ReceiverInterface, AttachHook.TcIngress),
        });
        try
        {
            veth.Ping(1);
            var listening = Task.Run(() => Run.Command("nsenter", $"--net=/run/netns/{veth.ReceiverNamespace}", "sh", "-c", $$"""
                echo $$ > {{cgroup.Procs}} && exec python3 -c "
                import socket
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.bind(('0.0.0.0', {{StashPrograms.Port}}))
                s.settimeout(3)
                n = 0
                try:
                    while n < {{Datagrams}}:
                        s.recv(2048)
                        n += 1
                except socket.timeout:
                    pass
                print(n)
                "
                """).EnsureSuccess().Stdout.Trim());
            await Task.Delay(500);
            Send(veth, procs: null);
            Assert.Equal(Datagrams.ToString(System.Globalization.CultureInfo.InvariantCulture), await listening);
            Assert.Equal(((ulong)Datagrams, 0UL, 0UL), StashTestObjects.Counts(bpf, "CgroupSeen"));
        }
        finally
        {
            foreach (var attachment in attachments)
            {
                attachment.Dispose();
            }
        }
    }

    [Theory]
    [InlineData(TraitsBackend.Meta)]
    [InlineData(TraitsBackend.Kfunc)]
    public void OnlyTheStashBackendHasTraitsInACgroupSkbProgram(TraitsBackend backend)
    {
        var error = Assert.Throws<CompileException>(() => BpfCompiler.Compile(Assembly, new CompilerOptions { Traits = backend, Programs = ["stash_cg_count"] }));
        Assert.Contains("in a cgroup skb program needs the stash backend", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("StashPrograms.cs", error.Location!.File, StringComparison.Ordinal);
    }

    private BpfObject Load(params string[] programs) => StashTestObjects.Load(root.Path, "stash_cgroup", programs);

    /// <summary>The numbered datagrams, from the sender's namespace, by a process in the cgroup of <paramref name="procs"/> when given.</summary>
    private static void Send(VethPair veth, string? procs)
    {
        string join = procs is null ? "" : $"echo $$ > {procs} && ";
        Run.Command("nsenter", $"--net=/run/netns/{veth.SenderNamespace}", "sh", "-c", $$"""
            {{join}}exec python3 -c "
            import socket, time
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            for i in range({{Datagrams}}):
                s.sendto(i.to_bytes(4, 'big') * (1 + i % 40), ('{{VethPair.ReceiverAddress}}', {{StashPrograms.Port}}))
                time.sleep(0.001)
            "
            """).EnsureSuccess();
    }
}
