using TraitsBpf.Loader;
using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.TestSupport.Kernel;

/// <summary>Loads object images (ours or clang's) into this machine's kernel, for BPF_PROG_TEST_RUN.</summary>
public static class KernelObjects
{
    /// <summary>
    /// Opens <paramref name="image"/> under <paramref name="name"/> (libbpf names its internal maps
    /// after it), lets <paramref name="beforeLoad"/> set .rodata constants, and loads it. An object
    /// that does not load is closed again, so a failed fixture leaves nothing in the kernel.
    /// Maps the object pins by name (<c>[Pinned]</c>) are pinned in a bpffs of this load's own, gone once it is
    /// loaded (the object keeps its maps): in /sys/fs/bpf the pins would outlive the test, and two loads of one
    /// object, or ours and a C twin's, would share one map.
    /// </summary>
    public static BpfObject Load(byte[] image, string name, Action<BpfObject>? beforeLoad = null)
    {
        var bpf = BpfObject.OpenMemory(image, name);
        TemporaryBpfFs? mapPins = null;
        try
        {
            if (bpf.Maps.Any(m => m.PinPath is not null))
            {
                mapPins = new TemporaryBpfFs();
                bpf.MapPinRoot = mapPins.Mount;
            }

            beforeLoad?.Invoke(bpf);
            bpf.Load();
            return bpf;
        }
        catch
        {
            bpf.Dispose();
            throw;
        }
        finally
        {
            mapPins?.Dispose();
        }
    }
}
