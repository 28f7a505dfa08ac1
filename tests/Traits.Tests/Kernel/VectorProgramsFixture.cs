using TraitsBpf.Compiler;
using TraitsBpf.Loader;
using TraitsBpf.TestSupport.Kernel;

namespace TraitsBpf.Traits.Tests.Kernel;

/// <summary>
/// Compiles <see cref="VectorPrograms"/> once with our compiler and loads them into this
/// machine's kernel: tv_packet once, tv_meta once per metadata room a vector needs (the room
/// is a .rodata constant).
/// </summary>
public sealed class VectorProgramsFixture : IDisposable
{
    private readonly CompilationResult compiled =
        BpfCompiler.Compile(typeof(VectorPrograms).Assembly.Location, new CompilerOptions { Programs = ["tv_meta", "tv_packet"] });

    private readonly Dictionary<int, BpfObject> metaObjects = [];
    private readonly Lock gate = new();
    private BpfObject? packetObject;

    /// <summary>tv_packet, loaded.</summary>
    public BpfProgram InPacket
    {
        get
        {
            lock (gate)
            {
                packetObject ??= KernelObjects.Load(compiled.Object, "trait_vectors");
                return packetObject.Program("tv_packet");
            }
        }
    }

    /// <summary>tv_meta reserving <paramref name="room"/> bytes of metadata, loaded.</summary>
    public BpfProgram InMetadata(int room)
    {
        lock (gate)
        {
            if (!metaObjects.TryGetValue(room, out var bpf))
            {
                bpf = KernelObjects.Load(compiled.Object, "trait_vectors", o => o.SetConstant(nameof(VectorPrograms.MetaRoom), BitConverter.GetBytes(room)));
                metaObjects[room] = bpf;
            }

            return bpf.Program("tv_meta");
        }
    }

    public void Dispose()
    {
        packetObject?.Dispose();
        foreach (var bpf in metaObjects.Values)
        {
            bpf.Dispose();
        }
    }
}
