namespace TraitsBpf.Programs.Tests.Helpers.SocketCasts;

/// <summary>The host's verifier accepts every socket cast program: TC, XDP, socket filter and cgroup skb.</summary>
public sealed class SocketCastVerifierTests(SocketCastFixture fixture) : IClassFixture<SocketCastFixture>
{
    [Fact]
    public void The_verifier_accepts_programs_calling_every_cast()
    {
        foreach (var name in SocketCastFixture.Names)
        {
            Assert.True(fixture.Programs.Program(name).Fd > 0, name);
        }
    }
}
