using System.Buffers.Binary;
using TraitsBpf.Abi;
using TraitsBpf.Compiler;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Kernel;

namespace TraitsBpf.Traits.Tests.LoaderSide;

/// <summary>
/// The meta and kfunc backends' trace programs (TraitsBpf.Sdk's <c>SkbTraitTracer</c>) pass this kernel's verifier
/// reading either store, as <c>traitsbpf trace</c> sets them up. This kernel has no <c>SKB_EXT_TRAITS</c>, so the
/// extension reader is loaded for another extension: the verifier checks the same instructions; the VM tier
/// (<c>tests/Vm/guest-traits.sh</c>) traces real packets with it on the patched kernel.
/// </summary>
public sealed class TraceVerifierTests
{
    [Theory]
    [InlineData(TraitTraceSource.Meta)]
    [InlineData(TraitTraceSource.Extension)]
    public void TheSkbTracersPassTheVerifier(TraitTraceSource source)
    {
        var compiled = BpfCompiler.Compile(typeof(XdpContext).Assembly.Location,
            new CompilerOptions { Traits = TraitsBackend.Meta, Programs = TraitTraceFormat.SkbPrograms });
        using var obj = BpfObject.OpenMemory(compiled.Object, "trace_verifier");
        SetU64(obj, TraitTraceFormat.DeviceNameOffsetConstant, KernelFeatures.CurrentMemberOffset("net_device", "name"));
        SetU64(obj, TraitTraceFormat.MetaLengthOffsetConstant, KernelFeatures.CurrentMemberOffset("skb_shared_info", "meta_len"));
        SetU64(obj, TraitTraceFormat.TraitsExtensionIdConstant, KernelFeatures.CurrentEnumerators("skb_ext_id").Values.Min());
        SetU64(obj, TraitTraceFormat.ExtensionOffsetsOffsetConstant, KernelFeatures.CurrentMemberOffset("skb_ext", "offset"));
        var value = new byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(value, (uint)source);
        obj.SetConstant(TraitTraceFormat.SourceConstant, value);

        obj.Load();

        Assert.All(TraitTraceFormat.SkbPrograms, name => Assert.True(obj.Program(name).Info().Id > 0, $"{name} was not loaded"));
    }

    private static void SetU64(BpfObject obj, string name, long? value)
    {
        Assert.True(value is not null, $"this kernel's BTF does not give {name}");
        var bytes = new byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)value.Value);
        obj.SetConstant(name, bytes);
    }
}
