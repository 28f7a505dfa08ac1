using TraitsBpf.Programs.Tests.Infrastructure;

namespace TraitsBpf.Programs.Tests.Semantics;

/// <summary>Compiles and loads every semantics program once for the test class.</summary>
public sealed class SemanticsFixture : IDisposable
{
    public SemanticsFixture()
    {
        Programs = new CompiledAssembly(typeof(SemanticsPrograms).Assembly.Location,
            "sem_int", "sem_uint", "sem_long", "sem_ulong", "sem_short", "sem_ushort", "sem_sbyte", "sem_byte");
    }

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}
