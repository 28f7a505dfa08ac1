using System.Runtime.InteropServices;
using TraitsBpf.Compiler.Il;

namespace TraitsBpf.Compiler.Tests.Layout;

/// <summary>The compiler lays structs out exactly as the CLR does, so pointers into packets and managed code see the same bytes.</summary>
public sealed unsafe class StructLayoutTests
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Padded
    {
        public byte A;
        public uint B;
        public ushort C;
        public ulong D;
    }

    [StructLayout(LayoutKind.Sequential, Pack = 2)]
    private struct Packed2
    {
        public byte A;
        public uint B;
        public byte C;
    }

    [StructLayout(LayoutKind.Explicit, Size = 12)]
    private struct Explicit
    {
        [FieldOffset(0)]
        public uint Whole;
        [FieldOffset(2)]
        public ushort Upper;
        [FieldOffset(8)]
        public byte Last;
    }

    private struct WithBuffer
    {
        public ushort Count = 0;
        public fixed uint Items[3];

        public WithBuffer()
        {
        }
    }

    public static TheoryData<Type, int> Types => new()
    {
        { typeof(EthernetHeader), sizeof(EthernetHeader) },
        { typeof(IPv4Header), sizeof(IPv4Header) },
        { typeof(IPv6Header), sizeof(IPv6Header) },
        { typeof(TcpHeader), sizeof(TcpHeader) },
        { typeof(Padded), sizeof(Padded) },
        { typeof(Packed2), sizeof(Packed2) },
        { typeof(Explicit), sizeof(Explicit) },
        { typeof(WithBuffer), sizeof(WithBuffer) },
    };

    [Theory]
    [MemberData(nameof(Types))]
    public void SizesAndOffsetsMatchTheClr(Type type, int size)
    {
        using var reader = AssemblyReader.Open(type.Assembly.Location);
        var module = Mono.Cecil.ModuleDefinition.ReadModule(type.Assembly.Location);
        var definition = module.ImportReference(type);
        var desc = reader.Types.Resolve(definition, GenericContext.Empty);
        Assert.Equal(size, desc.Size);
        foreach (var field in desc.Fields)
        {
            Assert.Equal((int)Marshal.OffsetOf(type, field.Name), field.Offset);
        }
    }
}
