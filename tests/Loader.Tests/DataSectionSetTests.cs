using System.Text.Json;
using TraitsBpf.Loader.Pins;
using TraitsBpf.Loader.Tests.CSharp;
using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// <c>traitsbpf load --set NAME=VALUE</c> reaches a constant in a read-only section of its own
/// (<c>[DataSection("limits")]</c>, <c>.rodata.limits</c>): <c>traitsbpf maps</c> reads the value back from the section's
/// map, and the loaded program drops by it.
/// </summary>
public sealed class DataSectionSetTests : IDisposable
{
    private static readonly string Programs = typeof(DataSectionPrograms).Assembly.Location;
    private readonly VethPair veth = new("tbg13");
    private readonly PrivatePinRoot pins;

    public DataSectionSetTests()
    {
        try
        {
            pins = new PrivatePinRoot();
        }
        catch
        {
            veth.Dispose();
            throw;
        }
    }

    [Fact]
    public void SetReachesANamedRodataConstantAndMapsReadsItBack()
    {
        string name = veth.AttachmentName("limits");
        pins.Traitsbpf(veth.ReceiverNamespace, "load", Programs, "--program", "ds_limit", "--iface", veth.ReceiverInterface, "--name", name, "--set", "MaxLength=50").EnsureSuccess();

        var maps = JsonDocument.Parse(pins.Traitsbpf(veth.ReceiverNamespace, "maps", name, "--json").EnsureSuccess().Stdout).RootElement;
        var limits = Assert.Single(maps.EnumerateArray(), m => m.GetProperty("name").GetString() == "_rodata_limits");
        Assert.Equal(50UL, Assert.Single(limits.GetProperty("entries").EnumerateArray().ToList()).GetProperty("valueInt").GetUInt64());
        Assert.Contains("  0: 50", pins.Traitsbpf(veth.ReceiverNamespace, "maps", name, "--map", "_rodata_limits").EnsureSuccess().Stdout, StringComparison.Ordinal);

        using (var program = PinnedProgram.Open(Path.Combine(pins.Root, name, PinLayout.ProgramPin)))
        {
            Assert.Equal((uint)XdpAction.Pass, program.TestRun(new byte[50]).ReturnValue);
            Assert.Equal((uint)XdpAction.Drop, program.TestRun(new byte[51]).ReturnValue);
        }

        pins.Traitsbpf(veth.ReceiverNamespace, "detach", "--name", name).EnsureSuccess();
    }

    public void Dispose()
    {
        pins.Dispose();
        veth.Dispose();
    }
}
