using TraitsBpf.Abi;
using TraitsBpf.Compiler;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Traits;
using TraitsBpf.Object;
using TraitsBpf.Traits.Tests.Infrastructure;

namespace TraitsBpf.Traits.Tests.LoaderSide;

/// <summary>The host trait registry as a pinned BPF map, in a scratch pin root of each test's own.</summary>
public sealed class HostTraitRegistryTests : IDisposable
{
    private const string Owner = "program 'first' (first.dll)";
    private readonly ScratchPinRoot root = new();
    private readonly HostTraitRegistry registry;

    public HostTraitRegistryTests() => registry = new HostTraitRegistry(root.Path, null);

    public void Dispose() => root.Dispose();

    [Fact]
    public void NewNamesCountDownFrom63SkippingTheObjectsIntegerKeys()
    {
        var keys = registry.Assign(Manifest([Trait("a", 8), Trait("b", 2), Trait("c", 0)], keys: [62]), Owner);
        Assert.Equal(63, keys["a"]);
        Assert.Equal(61, keys["b"]);
        Assert.Equal(60, keys["c"]);
        Assert.Equal(["a", "b", "c"], registry.List().Select(t => t.Name));
        Assert.All(registry.List(), t => Assert.Equal(Owner, t.RegisteredBy));
    }

    [Fact]
    public void ANameKeepsItsKeyAcrossObjectsAndProcesses()
    {
        registry.Assign(Manifest([Trait("a", 8)]), Owner);
        var later = new HostTraitRegistry(root.Path, null).Assign(Manifest([Trait("z", 4), Trait("a", 8)]), "program 'second' (second.o)");
        Assert.Equal(63, later["a"]);
        Assert.Equal(62, later["z"]);
        var a = registry.List().Single(t => t.Name == "a");
        Assert.Equal(Owner, a.RegisteredBy);
        Assert.Equal("System.UInt64", a.TypeName);
    }

    [Fact]
    public void TheRegistryIsARootOnlyHashMapPinnedBesideTheAttachments()
    {
        registry.Assign(Manifest([Trait("a", 8)]), Owner);
        Assert.Equal(Path.Combine(root.Path, "trait_registry"), registry.PinPath);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(registry.PinPath));
        using var map = PinnedMap.Open(registry.PinPath);
        Assert.Equal(BpfMapType.Hash, map.Type);
        Assert.Equal(48, map.KeySize);
        Assert.Equal(208, map.ValueSize);
        Assert.Equal(64, map.MaxEntries);
    }

    [Fact]
    public void ANameWithAnotherSizeOrTypeIsAConflictNamingBothProgramsAndRegistersNothing()
    {
        registry.Assign(Manifest([Trait("a", 8)]), Owner);
        var size = Assert.Throws<LoaderException>(() =>
            registry.Assign(Manifest([Trait("fresh", 2), Trait("a", 4, "System.UInt32")]), "program 'second' (second.o)"));
        Assert.Equal(LoaderErrorKind.TraitConflict, size.Kind);
        Assert.Equal(
            "trait 'a' is registered on this host as 8-byte System.UInt64 (key 63) by program 'first' (first.dll), but program 'second' (second.o) declares it as 4-byte System.UInt32; one name has one type on a host, so rename one of them",
            size.Message);
        Assert.DoesNotContain(registry.List(), t => t.Name == "fresh");

        var type = Assert.Throws<LoaderException>(() => registry.Assign(Manifest([Trait("a", 8, "System.Int64")]), "program 'third' (third.o)"));
        Assert.Equal(LoaderErrorKind.TraitConflict, type.Kind);
        Assert.Contains("as 8-byte System.Int64", type.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeysThatAttachedProgramsUseAsIntegersAreSkipped()
    {
        var attachment = Path.Combine(root.Path, "eth9-xdp");
        Directory.CreateDirectory(attachment);
        AttachmentMetadata.Pin(Record("eth9-xdp", new AttachmentTraits("meta", ["a"], [63, 61])), Path.Combine(attachment, "attachment"));

        var keys = registry.Assign(Manifest([Trait("a", 8), Trait("b", 8)]), Owner);
        Assert.Equal(62, keys["a"]);
        Assert.Equal(60, keys["b"]);
        Assert.Equal(["eth9-xdp"], registry.KeysInUse()[63]);
        Assert.Equal(["eth9-xdp"], registry.Users()["a"]);
    }

    [Fact]
    public void GarbageCollectionUnregistersOnlyNamesNoAttachmentUses()
    {
        registry.Assign(Manifest([Trait("kept", 8), Trait("dropped", 4), Trait("pending", 2)]), Owner);
        var attachment = Path.Combine(root.Path, "eth9-xdp");
        Directory.CreateDirectory(attachment);
        AttachmentMetadata.Pin(Record("eth9-xdp", new AttachmentTraits("meta", ["kept"], [])), Path.Combine(attachment, "attachment"));
        // The write-ahead record of an attach whose process died: until it is undone, its names stay.
        var interrupted = Path.Combine(root.Path, $"_staging-eth9-tc-{int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim()) + 1}");
        Directory.CreateDirectory(interrupted);
        AttachmentMetadata.Pin(Record("eth9-tc", new AttachmentTraits("meta", ["pending"], [])), Path.Combine(interrupted, "attachment"));

        var removed = registry.CollectGarbage();

        Assert.Equal(["dropped"], removed.Select(t => t.Name));
        Assert.Equal(["kept", "pending"], registry.List().Select(t => t.Name).Order(StringComparer.Ordinal));
        // The freed key is given again.
        Assert.Equal(removed[0].Key, registry.Assign(Manifest([Trait("again", 4)]), Owner)["again"]);
    }

    [Fact]
    public void APlanThatIsNeverCommittedRegistersNothing()
    {
        var plan = registry.Plan(Manifest([Trait("a", 8), Trait("b", 2)]), Owner);

        Assert.Equal(63, plan.Keys["a"]);
        Assert.Equal(62, plan.Keys["b"]);
        Assert.Empty(registry.List());
        registry.Commit(plan);
        Assert.Equal(["a", "b"], registry.List().Select(t => t.Name));
        registry.Withdraw(plan);
        Assert.Empty(registry.List());
    }

    [Fact]
    public void WhenEveryKeyIsTakenNothingIsRegistered()
    {
        var many = Enumerable.Range(0, 63).Select(i => Trait($"t{i}", 2)).ToList();
        registry.Assign(Manifest(many, keys: [0]), Owner);
        var error = Assert.Throws<LoaderException>(() => registry.Assign(Manifest([Trait("x", 2), Trait("y", 2)]), "program 'late' (late.o)"));
        Assert.Equal(LoaderErrorKind.TraitConflict, error.Kind);
        Assert.Contains("all 64 keys are taken", error.Message, StringComparison.Ordinal);
        Assert.Equal(63, registry.List().Count);
        Assert.DoesNotContain(registry.List(), t => t.Name is "x" or "y");
    }

    [Fact]
    public void TypeNamesAreComparedAsStoredInTheirFirst64Bytes()
    {
        string longName = "Some.Very.Long.Namespace.That.Goes.On.And.On.ForMoreThanSixtyFourBytes.Value";
        registry.Assign(Manifest([Trait("a", 16, longName)]), Owner);
        Assert.Equal(63, registry.Assign(Manifest([Trait("a", 16, longName)]), "program 'again' (again.o)")["a"]);
        Assert.Equal(longName[..64], registry.List().Single().TypeName);
    }

    [Fact]
    public void AnEmptyRegistryListsNothingAndAManifestWithoutNamesCreatesNone()
    {
        Assert.Empty(registry.List());
        Assert.Empty(registry.Assign(Manifest([], keys: [5]), Owner));
        Assert.False(File.Exists(registry.PinPath));
    }

    [Fact]
    public void TheLoaderWritesTheKeysIntoTheProgramBeforeLoad()
    {
        var elf = BpfCompiler.Compile(typeof(RegistryPrograms).Assembly.Location, new CompilerOptions { Programs = ["reg_tag"], Traits = TraitsBackend.Meta }).Object;
        var manifest = TraitManifest.Read(elf)!;
        registry.Assign(Manifest([Trait("other", 2)]), Owner);
        var keys = registry.Assign(manifest, "program 'reg_tag' (test)");
        Assert.Equal(62, keys["tbpf_test_tag"]);

        using var bpf = BpfObject.OpenMemory(elf, "reg_tag");
        TraitKeyBinding.Apply(bpf, manifest, keys);
        bpf.Load();
        var packet = new byte[64];
        BitConverter.TryWriteBytes(packet, 0x1122334455667788UL);
        var run = bpf.Program("reg_tag").TestRun(packet);
        Assert.Equal((uint)XdpAction.Pass, run.ReturnValue);

        // The store after the seal at the start of the metadata area: key 62 holds 8 bytes (plane2), key 9 two (plane1).
        const int store = MetaTraitSeal.Size;
        ulong plane1 = BitConverter.ToUInt64(run.DataOut, store + 8);
        ulong plane2 = BitConverter.ToUInt64(run.DataOut, store + 16);
        Assert.Equal(1UL << RegistryPrograms.IntegerKey, plane1);
        Assert.Equal(1UL << 62, plane2);
        Assert.Equal(0x7788UL, BitConverter.ToUInt16(run.DataOut, store + 24));
        Assert.Equal(0x1122334455667788UL, BitConverter.ToUInt64(run.DataOut, store + 26));
    }

    private static TraitsManifestEntry Trait(string name, int size, string? type = null) =>
        new(name, size, type ?? size switch { 0 => "TraitsBpf.TraitFlag", 2 => "System.UInt16", 4 => "System.UInt32", 8 => "System.UInt64", _ => "System.Guid" }, $"__trait_{name}");

    private static TraitManifest Manifest(IReadOnlyList<TraitsManifestEntry> traits, IReadOnlyList<int>? keys = null) =>
        new(TraitsBackend.Meta, traits, keys ?? [], []);

    private static AttachmentRecord Record(string name, AttachmentTraits traits) => new()
    {
        Name = name,
        Interface = "eth9",
        InterfaceIndex = 999,
        NetworkNamespace = 1,
        Hook = AttachHook.Xdp,
        XdpMode = XdpMode.Native,
        Method = AttachMethod.XdpLink,
        Program = "p",
        ProgramId = 1,
        Source = "p.o",
        Maps = [],
        AttachedAt = DateTimeOffset.UnixEpoch,
        Traits = traits,
    };
}
