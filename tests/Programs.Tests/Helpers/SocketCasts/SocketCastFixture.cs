using TraitsBpf.Programs.Tests.Infrastructure;

namespace TraitsBpf.Programs.Tests.Helpers.SocketCasts;

/// <summary>Compiles the socket cast programs and loads them through the host's verifier once.</summary>
public sealed class SocketCastFixture : IDisposable
{
    public static readonly string[] Names = ["h_skc_tcp", "h_skc_xdp", "h_skc_udp6", "h_skc_timewait", "h_skc_request", "h_skc_unix", "h_skc_mptcp", "h_skc_ctx", "h_skc_cgroup"];

    public SocketCastFixture() => Programs = new CompiledAssembly(typeof(SocketCastPrograms).Assembly.Location, Names);

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}
