using System.Runtime.InteropServices;

namespace TraitsBpf.Compiler.Tests.Globals;

/// <summary>
/// Static initializers become the exact bytes of their globals: object initializers,
/// constructors, nested structs, SDK helpers, arithmetic, other statics and helper loops.
/// </summary>
public sealed class InitializedGlobalTests
{
    private static readonly Lazy<Dictionary<string, (string Section, byte[] Bytes)>> Globals = new(() =>
        GlobalImage.Read(BpfCompiler.Compile(typeof(InitializedPrograms).Assembly.Location, new CompilerOptions { Programs = ["init_globals"] }).Object));

    [Fact]
    public void AnObjectInitializerSetsItsFields()
    {
        var config = Read<PortConfig>("ByInitializer", ".rodata");
        Assert.Equal((80, 0, 1000u), (config.Port, config.Proto, config.Limit));
    }

    [Fact]
    public void AConstructorWithArgumentsRuns()
    {
        var config = Read<PortConfig>("ByConstructor", ".rodata");
        Assert.Equal((8080, 6, 5u), (config.Port, config.Proto, config.Limit));
    }

    [Fact]
    public void ANestedStructIsInitialized()
    {
        var nested = Read<NestedConfig>("Nested", ".rodata");
        Assert.Equal((443, 6, 7u, 0xffff_0000_0000_ffffUL), (nested.Inner.Port, nested.Inner.Proto, nested.Inner.Limit, nested.Mask));
    }

    [Fact]
    public void HelpersAndArithmeticAreEvaluated()
    {
        Assert.Equal(0x901f, Read<ushort>("NetworkPort", ".rodata"));
        Assert.Equal((1u << 20) * 3 + 1, Read<uint>("Shifted", ".rodata"));
        Assert.Equal(0x3412, Read<ushort>("Swapped", ".rodata"));
        Assert.Equal(-3, Read<int>("Smaller", ".rodata"));
    }

    [Fact]
    public void AStaticReadonlyComputedFromAnotherIsInitialized() => Assert.Equal(33u, Read<uint>("Computed", ".rodata"));

    [Fact]
    public void AnArrayBesideTheGlobalsLeavesThemAlone() => Assert.Equal(3, Read<int>("TableLength", ".rodata"));

    [Fact]
    public void AHelperWithALoopIsEvaluated() => Assert.Equal(55UL, Read<ulong>("LoopSum", ".rodata"));

    [Fact]
    public void MutableStaticsWithInitializersGoToData()
    {
        Assert.Equal(42u, Read<uint>("Counter", ".data"));
        Assert.Equal(53, Read<PortConfig>("Mutable", ".data").Port);
        Assert.Equal(0u, Read<uint>("Untouched", ".bss"));
    }

    [Fact]
    public unsafe void AFixedBufferFilledByALoopIsInitialized()
    {
        var prefix = Read<Prefix>("PrefixBytes", ".data");
        Assert.Equal(new byte[] { 10, 11, 12, 13 }, new ReadOnlySpan<byte>(prefix.Bytes, 4).ToArray());
    }

    private static T Read<T>(string name, string section)
        where T : unmanaged
    {
        Assert.True(Globals.Value.TryGetValue(name, out var global), $"no global '{name}' in the object");
        Assert.Equal(section, global.Section);
        Assert.Equal(Marshal.SizeOf<T>(), global.Bytes.Length);
        return MemoryMarshal.Read<T>(global.Bytes);
    }
}
