using System.Text.Json;
using TraitsBpf.Loader.Pins;
using TraitsBpf.Loader.Tests.CSharp;
using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// A <c>[Pinned]</c> map through the traitsbpf command, in a bpffs of the test's own: two programs of one
/// assembly, loaded by separate <c>traitsbpf load</c> runs, share the map libbpf pinned by name (one writes,
/// the other reads, both by test-run), bpftool sees the pin and the map's contents, <c>traitsbpf maps</c>
/// prints it with a per-CPU hash map, an LRU per-CPU hash map (each CPU's copy), an LPM trie, an array of maps and a hash of maps user space filled (the map in a slot by id and name),
/// and detaching both leaves the pin, which is the user's. <c>load --slot</c> fills CPU map, device map and device hash map slots, which <c>maps</c> prints.
/// </summary>
public sealed class PinnedMapTests : IDisposable
{
    private const ulong Note = 0x1122334455667788;
    private const byte Key = 5;
    private const ulong HashedPort = 70000;
    private static readonly string Programs = typeof(PinnedMapPrograms).Assembly.Location;
    private readonly VethPair veth = new();
    private readonly PrivatePinRoot pins;

    public PinnedMapTests()
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
    public void TwoSeparateLoadsShareThePinnedMapAndDetachLeavesThePin()
    {
        string writer = veth.AttachmentName("writer"), reader = veth.AttachmentName("reader");
        var load = Load(writer, "pin_writer");
        Assert.Contains($"map 'SharedNotes' pinned by name at /sys/fs/bpf/SharedNotes", load, StringComparison.Ordinal);
        Load(reader, "pin_reader", "--tc", "ingress");
        string pin = Path.Combine(pins.Mount, "SharedNotes");
        Assert.True(File.Exists(pin), "libbpf pinned SharedNotes at the default map pin root");

        Assert.Equal(ulong.MaxValue, ReadNote(reader));
        Write(writer);
        Assert.Equal(Note, ReadNote(reader));

        using (var shared = PinnedMap.Open(pin))
        using (var writerProgram = PinnedProgram.Open(ProgramPin(writer)))
        using (var readerProgram = PinnedProgram.Open(ProgramPin(reader)))
        {
            Assert.Contains(shared.Id, writerProgram.Info().MapIds);
            Assert.Contains(shared.Id, readerProgram.Info().MapIds);
            using var shown = BpftoolMaps.ShowPinned(pin);
            Assert.Equal(shared.Id, shown.RootElement.GetProperty("id").GetUInt32());
            Assert.Equal("SharedNotes", shown.RootElement.GetProperty("name").GetString());
            var (key, value) = Assert.Single(BpftoolMaps.Dump(shared.Id));
            Assert.Equal(BitConverter.GetBytes((uint)Key), key);
            Assert.Equal(BitConverter.GetBytes(Note), value);
        }

        // User space fills the hash of maps, as a C loader would: the inner map's descriptor under the flow's key.
        using (var byFlow = PinnedMap.Open(Path.Combine(pins.Root, writer, "maps", "CountTablesByFlow")))
        using (var notesPerCpu = PinnedMap.Open(Path.Combine(pins.Root, writer, "maps", "NotesPerCpu")))
        {
            byFlow.Update(BitConverter.GetBytes(7UL), BitConverter.GetBytes(notesPerCpu.Fd));
        }

        // User space writes three records of 4, 12 and 0 bytes (16, 24 and 8 with their headers) into the user ring buffer.
        using (var requests = PinnedMap.Open(Path.Combine(pins.Root, writer, "maps", "Requests")))
        using (var producer = new UserRingBufferWriter(requests))
        {
            Assert.True(producer.TryWrite(1u) && producer.TryWrite(new byte[12]) && producer.TryWrite([]));
        }

        var maps = JsonDocument.Parse(pins.Traitsbpf(veth.ReceiverNamespace, "maps", writer, "--json").EnsureSuccess().Stdout).RootElement;
        JsonElement Map(string name) => maps.EnumerateArray().Single(m => m.GetProperty("name").GetString() == name);
        Assert.Equal(48UL, Map("Requests").GetProperty("positions").GetProperty("producer").GetUInt64());
        Assert.Equal(16UL, Map("Seen").GetProperty("positions").GetProperty("unconsumed").GetUInt64()); // the writer's one key, 4 bytes and the header
        Assert.Contains("Requests (UserRingBuffer, 4096 bytes; 48 bytes written by user space and not yet drained: producer at 48, consumer at 0)",
            pins.Traitsbpf(veth.ReceiverNamespace, "maps", writer, "--map", "Requests").EnsureSuccess().Stdout, StringComparison.Ordinal);
        var note = Assert.Single(Map("SharedNotes").GetProperty("entries").EnumerateArray().ToList());
        Assert.Equal(Note, note.GetProperty("valueInt").GetUInt64());
        var perCpu = Assert.Single(Map("NotesPerCpu").GetProperty("entries").EnumerateArray().ToList());
        Assert.Equal("PerCpuHash", Map("NotesPerCpu").GetProperty("type").GetString());
        Assert.Equal(1UL, perCpu.GetProperty("valueInt").GetUInt64()); // the sum over CPUs
        Assert.True(perCpu.GetProperty("perCpu").GetArrayLength() >= 1);
        var recent = Assert.Single(Map("RecentPerCpu").GetProperty("entries").EnumerateArray().ToList());
        Assert.Equal("LruPerCpuHash", Map("RecentPerCpu").GetProperty("type").GetString());
        Assert.Equal((ulong)Key, recent.GetProperty("keyInt").GetUInt64());
        Assert.Equal(1UL, recent.GetProperty("valueInt").GetUInt64()); // the sum over CPUs
        // The one write ran on one CPU: that CPU's copy holds 1, every other possible CPU's is still 0.
        var copies = recent.GetProperty("perCpu").EnumerateArray().Select(c => BitConverter.ToUInt64(Convert.FromHexString(c.GetString()!.Replace(" ", "", StringComparison.Ordinal)))).ToList();
        Assert.Equal(PossibleCpus.Count, copies.Count);
        Assert.Single(copies, c => c == 1);
        Assert.Equal(copies.Count - 1, copies.Count(c => c == 0));
        var recentText = pins.Traitsbpf(veth.ReceiverNamespace, "maps", writer, "--map", "RecentPerCpu").EnsureSuccess().Stdout;
        Assert.Contains("RecentPerCpu (LruPerCpuHash, key 4 B, value 8 B, 1/256 entries)", recentText, StringComparison.Ordinal);
        Assert.Contains($"  {Key}: 1  (per CPU: ", recentText, StringComparison.Ordinal);
        var block = Assert.Single(Map("Blocks").GetProperty("entries").EnumerateArray().ToList());
        Assert.Equal("LpmTrie", Map("Blocks").GetProperty("type").GetString());
        Assert.Equal("180000000A000000", block.GetProperty("key").GetString()!.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        Assert.Equal("Queue", Map("Arrivals").GetProperty("type").GetString());
        Assert.Equal((ulong)Key, Assert.Single(Map("Arrivals").GetProperty("entries").EnumerateArray().ToList()).GetProperty("valueInt").GetUInt64());
        Assert.Equal(Note, Assert.Single(Map("Pending").GetProperty("entries").EnumerateArray().ToList()).GetProperty("valueInt").GetUInt64());
        Assert.Contains("  next: 5", pins.Traitsbpf(veth.ReceiverNamespace, "maps", writer, "--map", "Arrivals").EnsureSuccess().Stdout, StringComparison.Ordinal);
        Assert.Empty(Map("KeysSeen").GetProperty("entries").EnumerateArray());
        Assert.Equal("DevMapHash", Map("Ports").GetProperty("type").GetString());
        Assert.Equal("CpuMap", Map("Cpus").GetProperty("type").GetString());
        Assert.Equal("XskMap", Map("Sockets").GetProperty("type").GetString());
        Assert.Contains("the kernel gives no AF_XDP socket back to user space", pins.Traitsbpf(veth.ReceiverNamespace, "maps", writer, "--map", "Sockets").EnsureSuccess().Stdout, StringComparison.Ordinal);
        var byFlowEntry = Assert.Single(Map("CountTablesByFlow").GetProperty("entries").EnumerateArray().ToList());
        Assert.Equal("HashOfMaps", Map("CountTablesByFlow").GetProperty("type").GetString());
        Assert.Equal(7UL, byFlowEntry.GetProperty("keyInt").GetUInt64());
        Assert.Equal("NotesPerCpu", byFlowEntry.GetProperty("innerMap").GetString());
        var table = Assert.Single(Map("CountTables").GetProperty("entries").EnumerateArray().ToList());
        Assert.Equal("ArrayOfMaps", Map("CountTables").GetProperty("type").GetString());
        Assert.Equal("NotesPerCpu", table.GetProperty("innerMap").GetString());
        Assert.Contains($"  1: map {table.GetProperty("valueInt").GetUInt64()} (NotesPerCpu)", pins.Traitsbpf(veth.ReceiverNamespace, "maps", writer, "--map", "CountTables").EnsureSuccess().Stdout, StringComparison.Ordinal);
        Assert.Contains("a bloom filter cannot list what it holds", pins.Traitsbpf(veth.ReceiverNamespace, "maps", writer, "--map", "KeysSeen").EnsureSuccess().Stdout, StringComparison.Ordinal);

        pins.Traitsbpf(veth.ReceiverNamespace, "detach", "--name", writer).EnsureSuccess();
        pins.Traitsbpf(veth.ReceiverNamespace, "detach", "--name", reader).EnsureSuccess();
        pins.Traitsbpf(veth.ReceiverNamespace, "repair").EnsureSuccess();
        Assert.False(pins.Pinned(writer));
        Assert.False(pins.Pinned(reader));
        Assert.True(File.Exists(pin), "detach and repair leave the user's pin");
        using var kept = PinnedMap.Open(pin);
        var kept_value = new byte[8];
        Assert.True(kept.Lookup(BitConverter.GetBytes((uint)Key), kept_value));
        Assert.Equal(Note, BitConverter.ToUInt64(kept_value));
    }

    [Fact]
    public void LoadFillsCpuAndDeviceMapSlotsWithProgramsAndMapsNamesThem()
    {
        string writer = veth.AttachmentName("writer");
        Load(writer, "pin_writer", "--slot", "SlotCpus[1]=192,pin_on_cpu", "--slot", "SlotPorts[0]=1,pin_on_port", "--slot", "Cpus[0]=64", "--slot", $"Ports[{HashedPort}]=1");
        var maps = JsonDocument.Parse(pins.Traitsbpf(veth.ReceiverNamespace, "maps", writer, "--json").EnsureSuccess().Stdout).RootElement;
        JsonElement Slot(string name) => Assert.Single(maps.EnumerateArray().Single(m => m.GetProperty("name").GetString() == name).GetProperty("entries").EnumerateArray().ToList());
        var cpu = Slot("SlotCpus");
        Assert.Equal((1UL, 192UL, "pin_on_cpu"), (cpu.GetProperty("keyInt").GetUInt64(), cpu.GetProperty("valueInt").GetUInt64(), cpu.GetProperty("program").GetString()));
        var port = Slot("SlotPorts");
        Assert.Equal((0UL, 1UL, "pin_on_port"), (port.GetProperty("keyInt").GetUInt64(), port.GetProperty("valueInt").GetUInt64(), port.GetProperty("program").GetString()));
        Assert.Equal(64UL, Slot("Cpus").GetProperty("valueInt").GetUInt64());
        var hashed = Slot("Ports"); // a DevMapHash entry under any 32-bit key, here the loopback device's index
        Assert.Equal((HashedPort, 1UL), (hashed.GetProperty("keyInt").GetUInt64(), hashed.GetProperty("valueInt").GetUInt64()));
        var portsText = pins.Traitsbpf(veth.ReceiverNamespace, "maps", writer, "--map", "Ports").EnsureSuccess().Stdout;
        Assert.Contains("Ports (DevMapHash, key 4 B, value 4 B, 1/8 entries)", portsText, StringComparison.Ordinal);
        Assert.Contains($"  {HashedPort}: 1{Environment.NewLine}", portsText, StringComparison.Ordinal);
        uint programId = cpu.GetProperty("programId").GetUInt32();
        using (var slotCpus = PinnedMap.Open(Path.Combine(pins.Root, writer, "maps", "SlotCpus")))
        {
            var value = new byte[8];
            Assert.True(slotCpus.Lookup(BitConverter.GetBytes(1u), value));
            Assert.Equal(programId, BitConverter.ToUInt32(value, 4)); // the kernel gives the program's id back
            var (key, dumped) = Assert.Single(BpftoolMaps.Dump(slotCpus.Id));
            Assert.Equal(BitConverter.GetBytes(1u), key);
            Assert.Equal(value, dumped);
        }

        Assert.Contains($"  1: 192, program {programId} (pin_on_cpu)", pins.Traitsbpf(veth.ReceiverNamespace, "maps", writer, "--map", "SlotCpus").EnsureSuccess().Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--program", "pin_on_cpu", "program 'pin_on_cpu' is an xdp/cpumap program: the kernel runs it from a CPU map slot a packet is redirected to, never on an interface")]
    [InlineData("--slot", "SlotCpus[0]=192,pin_on_port", "program 'pin_on_port' (section 'xdp/devmap') is not an xdp/cpumap program, the only kind the kernel takes in the slots of CpuMap map 'SlotCpus'")]
    [InlineData("--slot", "Cpus[0]=192,pin_on_cpu", "map 'Cpus' has 4-byte values (declared without 'programs: true'), with no room for program 'pin_on_cpu'")]
    [InlineData("--slot", "SlotCpus[0]192", "--slot takes MAP[KEY]=TARGET or MAP[KEY]=TARGET,PROGRAM (e.g. Cpus[1]=192,on_cpu), got 'SlotCpus[0]192'")]
    public void SlotProgramsAreRefusedWhereTheKernelWouldRefuseThem(string option, string value, string message)
    {
        string[] arguments = option == "--program" ? ["--program", value] : ["--program", "pin_writer", option, value];
        var load = pins.Traitsbpf(veth.ReceiverNamespace, ["load", Programs, .. arguments, "--iface", veth.ReceiverInterface, "--name", veth.AttachmentName("writer")]);
        Assert.NotEqual(0, load.ExitCode);
        Assert.Contains(message, load.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--pin-root")]
    [InlineData("--map-pin-root")]
    public void PinRootPutsThePinsElsewhereOnBpffs(string option)
    {
        Directory.CreateDirectory(Path.Combine(pins.Mount, "team"));
        string writer = veth.AttachmentName("writer");
        var load = Load(writer, "pin_writer", option, "/sys/fs/bpf/team");
        Assert.Contains("map 'SharedNotes' pinned by name at /sys/fs/bpf/team/SharedNotes", load, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(pins.Mount, "team", "SharedNotes")));
        Assert.False(File.Exists(Path.Combine(pins.Mount, "SharedNotes")));
    }

    [Theory]
    [InlineData("/sys/fs/bpf/traitsbpf/mine", "is inside traitsbpf's pin root /sys/fs/bpf/traitsbpf, whose entries are attachments traitsbpf removes")]
    [InlineData("/tmp", "is not a directory on the BPF filesystem (bpffs)")]
    public void PinRootIsRefusedWhereThePinsWouldNotBeTheUsers(string directory, string message)
    {
        var load = pins.Traitsbpf(veth.ReceiverNamespace, "load", Programs, "--program", "pin_writer", "--iface", veth.ReceiverInterface,
            "--name", veth.AttachmentName("writer"), "--pin-root", directory);
        Assert.NotEqual(0, load.ExitCode);
        Assert.Contains(message, load.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(pins.Mount, "SharedNotes")));
    }

    public void Dispose()
    {
        pins.Dispose();
        veth.Dispose();
    }

    private string Load(string name, string program, params string[] extra) =>
        pins.Traitsbpf(veth.ReceiverNamespace, ["load", Programs, "--program", program, "--iface", veth.ReceiverInterface, "--name", name, .. extra]).EnsureSuccess().Stdout;

    private string ProgramPin(string attachment) => Path.Combine(pins.Root, attachment, PinLayout.ProgramPin);

    private void Write(string attachment)
    {
        var packet = new byte[64];
        packet[0] = Key;
        packet[1] = 24;
        packet[2] = 10;
        BitConverter.TryWriteBytes(packet.AsSpan(12), PinnedMapPrograms.TestEtherType);
        BitConverter.TryWriteBytes(packet.AsSpan(16), Note);
        using var program = PinnedProgram.Open(ProgramPin(attachment));
        Assert.Equal((uint)XdpAction.Pass, program.TestRun(packet).ReturnValue);
    }

    private ulong ReadNote(string attachment)
    {
        var packet = new byte[64];
        packet[0] = Key;
        BitConverter.TryWriteBytes(packet.AsSpan(12), PinnedMapPrograms.TestEtherType);
        using var program = PinnedProgram.Open(ProgramPin(attachment));
        var run = program.TestRun(packet);
        Assert.Equal((uint)TcAction.Ok, run.ReturnValue);
        return BitConverter.ToUInt64(run.DataOut, 16);
    }
}
