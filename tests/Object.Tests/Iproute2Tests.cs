using TraitsBpf.Object;
using TraitsBpf.Object.Tests.Scenarios;
using TraitsBpf.Object.Tests.Support;

namespace TraitsBpf.Object.Tests;

/// <summary>
/// iproute2 loads our objects the way users attach programs without our loader:
/// <c>ip link set dev X xdp obj F sec xdp</c> and <c>tc filter add ... bpf da obj F sec tc</c>,
/// on a veth pair in a network namespace of the test's own.
/// </summary>
public sealed class Iproute2Tests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly string netns = "tbpfobj" + Guid.NewGuid().ToString("N")[..8];

    public Iproute2Tests()
    {
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException("The iproute2 tests create a network namespace and need root; run them as root (./build.sh test does).");
        ExternalTool.Run("ip", "netns", "add", netns).AssertClean();
        ExternalTool.Run("ip", "-n", netns, "link", "add", "v0", "type", "veth", "peer", "name", "v1").AssertClean();
    }

    public void Dispose()
    {
        ExternalTool.Run("ip", "netns", "del", netns);
        temp.Dispose();
    }

    [Fact]
    public void IpLinkAttachesOurXdpProgram()
    {
        string path = temp.WriteFile("pass.o", ObjectWriter.Write(XdpPassScenario.Model()));

        ExternalTool.Run("ip", "-n", netns, "link", "set", "dev", "v0", "xdp", "obj", path, "sec", "xdp").AssertClean();

        string link = ExternalTool.Run("ip", "-n", netns, "link", "show", "dev", "v0").AssertClean().Output;
        Assert.Contains("prog/xdp", link);
        Assert.Contains("name xdp_pass", link);
    }

    [Fact]
    public void TcAttachesOurClassifier()
    {
        string path = temp.WriteFile("tc.o", ObjectWriter.Write(TcAndSocketScenario.Model()));

        ExternalTool.Run("tc", "-n", netns, "qdisc", "add", "dev", "v0", "clsact").AssertClean();
        ExternalTool.Run("tc", "-n", netns, "filter", "add", "dev", "v0", "ingress", "bpf", "da", "obj", path, "sec", "tc").AssertClean();

        string filters = ExternalTool.Run("tc", "-n", netns, "filter", "show", "dev", "v0", "ingress").AssertClean().Output;
        Assert.Contains("tc_ok", filters);
        Assert.Contains("direct-action", filters);
    }
}
