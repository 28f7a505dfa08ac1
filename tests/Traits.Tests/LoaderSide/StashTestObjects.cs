using TraitsBpf.Abi;
using TraitsBpf.Compiler;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Pins;
using TraitsBpf.Loader.Traits;

namespace TraitsBpf.Traits.Tests.LoaderSide;

/// <summary>What the stash tests with real traffic share: <see cref="StashPrograms"/> loaded over a test's own stash, and its counters read back.</summary>
internal static class StashTestObjects
{
    /// <summary><paramref name="programs"/> of <see cref="StashPrograms"/>, compiled for the stash backend and loaded over the stash under <paramref name="pinRoot"/>.</summary>
    public static BpfObject Load(string pinRoot, string name, params string[] programs)
    {
        var image = BpfCompiler.Compile(typeof(StashPrograms).Assembly.Location, new CompilerOptions { Traits = TraitsBackend.Stash, Programs = programs }).Object;
        var bpf = BpfObject.OpenMemory(image, name);
        try
        {
            using (new HostTraitStash(new PinLayout(pinRoot), null).Share(bpf))
            {
                bpf.Load();
            }

            return bpf;
        }
        catch
        {
            bpf.Dispose();
            throw;
        }
    }

    /// <summary>A counter map of <see cref="StashPrograms"/>: datagrams read with their own tag, without one, and with another's.</summary>
    public static (ulong Carried, ulong Absent, ulong Wrong) Counts(BpfObject bpf, string map)
    {
        ulong Read(uint slot)
        {
            var value = new byte[8];
            return bpf.Map(map).Lookup(BitConverter.GetBytes(slot), value) ? BitConverter.ToUInt64(value) : 0;
        }

        return (Read(0), Read(1), Read(2));
    }
}
