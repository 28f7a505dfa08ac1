using System.Net;
using System.Net.Sockets;
using TraitsBpf.Abi;
using TraitsBpf.Compiler;
using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Pins;
using TraitsBpf.Loader.Traits;
using TraitsBpf.TestSupport.Host;
using TraitsBpf.Traits.Tests.Infrastructure;

namespace TraitsBpf.Traits.Tests.LoaderSide;

/// <summary>
/// <c>SocketContext.Traits</c> under the stash backend, with real traffic: numbered UDP datagrams tagged at the
/// receiver's XDP, moved into the stash by its TC ingress, and read by a socket filter on the receiving socket,
/// each against its own sequence number; and the backends and operations a socket filter cannot have, refused.
/// </summary>
public sealed class StashSocketFilterTests : IDisposable
{
    private const int Datagrams = 300;
    private static readonly string Assembly = typeof(StashPrograms).Assembly.Location;
    private readonly ScratchPinRoot root = new();

    public void Dispose() => root.Dispose();

    [Fact]
    public async Task ASocketFilterReadsEachDatagramsOwnTraits()
    {
        using var bpf = StashTestObjects.Load(root.Path, "stash_socket", "stash_tag", "stash_count", "stash_socket_count");

        // The reaper, as every stash load attaches it: a datagram a socket reads is freed through consume_skb too.
        var reaperImage = BpfCompiler.Compile(typeof(XdpContext).Assembly.Location, new CompilerOptions { Traits = TraitsBackend.Stash, Programs = [.. TraitStashFormat.ReaperPrograms] }).Object;
        using var reaper = BpfObject.OpenMemory(reaperImage, "stash_reaper");
        using (new HostTraitStash(new PinLayout(root.Path), null).Share(reaper))
        {
            reaper.Load();
        }

        var reaping = TraitStashFormat.ReaperPrograms.Select(name => reaper.Program(name).AttachTracing()).ToList();
        using var veth = new VethPair();
        var (socket, attachments) = NetworkNamespaceThread.Run(veth.ReceiverNamespace, () =>
        {
            var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 2000 };
            receiver.Bind(new IPEndPoint(IPAddress.Any, StashPrograms.Port));
            return (receiver, new[]
            {
                bpf.Program("stash_tag").AttachXdp(veth.ReceiverInterface),
                bpf.Program("stash_count").AttachTc(veth.ReceiverInterface, Loader.Attach.AttachHook.TcIngress),
                bpf.Program("stash_socket_count").AttachSocketFilter(receiver),
            });
        });
        try
        {
            veth.Ping(1);

            // Read while the sender sends, so that no datagram is lost to a full receive buffer. The first datagram may
            // take long: starting the sender's python on a loaded machine has taken more than three seconds.
            var reading = Task.Run(() =>
            {
                var buffer = new byte[2048];
                int received = 0;
                while (received < Datagrams && socket.Poll(received == 0 ? 60_000_000 : 3_000_000, SelectMode.SelectRead))
                {
                    socket.Receive(buffer);
                    received++;
                }

                return received;
            });
            Run.Command("nsenter", $"--net=/run/netns/{veth.SenderNamespace}", "python3", "-c", $$"""
                import socket, time
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                for i in range({{Datagrams}}):
                    s.sendto(i.to_bytes(4, 'big') * (1 + i % 40), ('{{VethPair.ReceiverAddress}}', {{StashPrograms.Port}}))
                    time.sleep(0.001)
                """).EnsureSuccess();
            int received = await reading;

            var atSocket = StashTestObjects.Counts(bpf, "SocketSeen");
            var atTc = StashTestObjects.Counts(bpf, "Seen");
            Assert.Equal((ulong)Datagrams, atTc.Carried);
            Assert.Equal(((ulong)Datagrams, 0UL, 0UL), atSocket);
            Assert.Equal(Datagrams, received);

            // Every datagram was read and freed: the reaper saw each free, so the stash holds none of them. A datagram a
            // socket read may wait in the deferred-free list of the CPU that received it until that CPU next handles
            // network traffic: a ping sent from each CPU in turn (veth receives on the sender's CPU) flushes them all.
            int left = Entries();
            for (int round = 0; round < 10 && Entries() > 0; round++)
            {
                for (int cpu = 0; cpu < Environment.ProcessorCount; cpu++)
                {
                    Run.Command("nsenter", $"--net=/run/netns/{veth.SenderNamespace}", "taskset", "-c", cpu.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        "ping", "-c", "1", "-W", "1", VethPair.ReceiverAddress);
                }
            }

            Assert.Equal((left, 0), (left, Entries()));
        }
        finally
        {
            foreach (var attachment in attachments.Concat(reaping))
            {
                attachment.Dispose();
            }

            socket.Dispose();
        }
    }

    [Theory]
    [InlineData(TraitsBackend.Meta, "under meta it cannot reach the metadata area")]
    [InlineData(TraitsBackend.Stash, null)]
    [InlineData(TraitsBackend.Kfunc, null)]
    public void OnlyTheKfuncAndStashBackendsReadTraitsInASocketFilter(TraitsBackend backend, string? refusal)
    {
        var compile = () => BpfCompiler.Compile(Assembly, new CompilerOptions { Traits = backend, Programs = ["stash_socket_count"] });
        if (refusal is null)
        {
            var result = compile();
            Assert.Contains(result.Programs, p => p.Name == "stash_socket_count");
            return;
        }

        var error = Assert.Throws<CompileException>(compile);
        Assert.Contains(refusal, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("StashPrograms.cs", error.Location!.File, StringComparison.Ordinal);
    }

    [Fact]
    public void ManagedExecutionReadsButNeverWritesASocketFiltersTraits()
    {
        using var tc = TcContext.ForPacket(new byte[64]);
        Assert.Equal(0, tc.Traits.Set(StashPrograms.Key, StashPrograms.Marker ^ 7));
        using var ctx = SocketContext.ForPacket(new byte[64], tc.TraitStoreBytes);
        Assert.True(ctx.Traits.TryGet(StashPrograms.Key, out ulong value));
        Assert.Equal(StashPrograms.Marker ^ 7, value);
        var refused = Assert.Throws<InvalidOperationException>(() => ctx.Traits.Delete(StashPrograms.Key));
        Assert.Contains(TraitKfuncs.SocketFilterReadsOnly, refused.Message, StringComparison.Ordinal);
    }

    private int Entries() => new HostTraitStash(new PinLayout(root.Path), null).State()!.Entries;
}
