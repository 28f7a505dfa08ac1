using TraitsBpf.Loader;

namespace TraitsBpf.TestSupport.Kernel;

/// <summary>Loads object images (ours or clang's) into this machine's kernel, for BPF_PROG_TEST_RUN.</summary>
public static class KernelObjects
{
    /// <summary>
    /// Opens <paramref name="image"/> under <paramref name="name"/> (libbpf names its internal maps
    /// after it), lets <paramref name="beforeLoad"/> set .rodata constants, and loads it. An object
    /// that does not load is closed again, so a failed fixture leaves nothing in the kernel.
    /// </summary>
    public static BpfObject Load(byte[] image, string name, Action<BpfObject>? beforeLoad = null)
    {
        var bpf = BpfObject.OpenMemory(image, name);
        try
        {
            beforeLoad?.Invoke(bpf);
            bpf.Load();
            return bpf;
        }
        catch
        {
            bpf.Dispose();
            throw;
        }
    }
}
