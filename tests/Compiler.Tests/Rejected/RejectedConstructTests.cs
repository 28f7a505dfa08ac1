using TraitsBpf.Compiler.Diagnostics;

namespace TraitsBpf.Compiler.Tests.Rejected;

/// <summary>
/// Each construct BPF cannot express is a compile error naming the C# file and line, never a
/// crash or silently wrong code.
/// </summary>
public sealed class RejectedConstructTests
{
    private static readonly string Assembly = typeof(RejectedPrograms).Assembly.Location;

    [Theory]
    [InlineData("bad_class", "class allocation", "allocates an object on the managed heap")]
    [InlineData("bad_virtual", "virtual call", "virtual or interface call")]
    [InlineData("bad_throw", "throw", "'throw' is not supported")]
    [InlineData("bad_string", "string", "BPF programs have no strings")]
    [InlineData("bad_recursion", "recursion", "calls itself")]
    [InlineData("bad_stack", "stack frame", "BPF allows 512")]
    [InlineData("bad_chain_stack", "call chain stack", "needs 576 bytes of stack but the kernel allows 512 across a chain of calls")]
    [InlineData("bad_loop", "loop", "no bound the compiler can prove")]
    [InlineData("bad_float", "floating point", "no floating point")]
    [InlineData("bad_packet_address", "packet address", "storing a pointer into packet or map memory would leak a kernel address")]
    [InlineData("bad_array", "array", "managed arrays are not supported")]
    [InlineData("bad_checked", "checked arithmetic", "checked arithmetic")]
    [InlineData("bad_static", "static field", "static field 'Seed' cannot be initialized at compile time: it is initialized with a call to 'System.Environment.get_TickCount'")]
    [InlineData("bad_init_float", "float initializer", "static field 'Scaled' cannot be initialized at compile time: it is initialized with a floating-point value")]
    [InlineData("bad_init_class", "class initializer", "static field 'FromObject' cannot be initialized at compile time: it is initialized with 'new Counter(...)', which allocates an object")]
    [InlineData("bad_init_extern", "extern initializer", "static field 'External' cannot be initialized at compile time: it is initialized with a call to 'TraitsBpf.Compiler.Tests.Rejected.RejectedPrograms.NoBody'")]
    [InlineData("bad_init_ovf", "checked initializer", "static field 'Value' cannot be initialized at compile time: it is initialized with 'add.ovf' of 2147483647 and 1, which throws OverflowException at type initialization")]
    [InlineData("bad_init_gen", "generic initializer", "static field 'Value' cannot be initialized at compile time: it is initialized with an initializer of a generic type")]
    [InlineData("bad_map", "map field", "map field 'writableMap' must be 'static readonly'")]
    [InlineData("bad_pinned_global", "pinned global", "static field 'pinnedCounter' is marked [Pinned], which pins maps")]
    [InlineData("bad_bloom_hashes", "bloom hashes", "bloom filter 'OverHashed' has 16 hash functions; the kernel takes 1 to 15")]
    [InlineData("bad_lpm_key", "lpm key", "LPM trie map 'BackwardsRoutes' has key type 'AddressFirstKey' with 'UInt32 Address' first; an LPM trie key is a struct whose first field is 'uint PrefixLength'")]
    [InlineData("bad_inner_flags", "inner flags", "array of maps 'UnpreallocatedTables' puts 'PlainCounters' in slot 0, which does not match its inner map template: its flags are 0x0 and the template's 0x1")]
    [InlineData("bad_inner_size", "inner size", "array of maps 'FourLimitTables' puts 'TwoLimits' in slot 1, which does not match its inner map template: it has 2 entries and the template 4")]
    [InlineData("bad_slot_index", "slot index", "array of maps 'ShortTables' fills slot 9, outside its 4 entries")]
    [InlineData("bad_nested_maps", "nested maps", "map of maps 'NestedTables' holds 'ArrayOfMaps`1', a map of maps, which the kernel does not nest")]
    [InlineData("bad_map_of_maps_update", "map of maps update", "'HashOfMaps`2.Update' changes a map of maps, which only user space can do")]
    [InlineData("bad_socket_trait_set", "socket trait set", "'ctx.Traits.Set': a socket filter only reads traits")]
    [InlineData("bad_try", "try", "try/catch/finally")]
    [InlineData("bad_signature", "signature", "must be declared as 'static XdpAction WrongSignature(XdpContext ctx)'")]
    [InlineData("bad-name", "name", "must be 1 to 128 letters, digits or underscores")]
    [InlineData("bad_managed", "managed only", "is for running programs as managed code")]
    [InlineData("bad_copy_to_data_end", "copy to data end", "cannot write at ctx.DataEnd: it is one past the last byte of the packet")]
    [InlineData("bad_copy_too_large", "copy over destination size", "'Buffer.MemoryCopy' copies 12 bytes into a destination of 8: it would throw")]
    [InlineData("bad_trait_size", "trait size", "a trait value of type 'ThreeBytes' is 3 bytes; trait values are 0 (TraitFlag), 2, 4, 8 or 16 bytes")]
    [InlineData("bad_trait_key", "trait key", "trait key 64 is out of range: keys are 0 to 63")]
    [InlineData("bad_trait_types", "trait types", "trait 'mark_u32' is declared as Trait<UInt32> and as Trait<UInt64>; one name has one type")]
    [InlineData("bad_span_copy_length", "span copy of a run-time length", "'ReadOnlySpan`1.CopyTo' needs a span of constant length: the verifier needs each access's bounds")]
    [InlineData("bad_span_short_destination", "span copy into a shorter span", "copies 16 elements into a span of 8: .NET throws ArgumentException when the destination is shorter")]
    [InlineData("bad_span_index", "span index", "the span index is not provably below the span's length (a value up to 15 against 8): .NET would throw IndexOutOfRangeException")]
    [InlineData("bad_span_slice", "span slice", "'Slice' is not provably inside the span (12 + 8 against a length of 16)")]
    [InlineData("bad_span_packet_index", "packet span index", "a span over the packet indexed or sliced by a value known only at run time")]
    [InlineData("bad_span_subprogram", "span to a subprogram", "'FirstByte' is a [MethodImpl(NoInlining)] subprogram taking or returning a span")]
    [InlineData("bad_span_loop", "loop over a span", "the span index is not provably below the span's length (8 against 8)")]
    [InlineData("bad_span_masked_loop", "masked loop counter", "the span index is not provably below the span's length (8 against 8)")]
    [InlineData("bad_trace_signature", "trace signature", "tracing program 'bad_trace_signature' (tp_btf/consume_skb) must be declared as 'static int TraceWithPacketContext(TraceContext ctx, ...)'")]
    [InlineData("bad_trace_argument", "trace argument", "tracing program 'bad_trace_argument' takes a parameter of type 'TraitsBpf.NetDevice'; the traced function's arguments arrive as 64-bit cells")]
    [InlineData("bad_kernel_write", "kernel write", "writing 'SkBuff.Mark' of kernel struct 'sk_buff': programs read kernel fields one at a time by value")]
    [InlineData("bad_kernel_deref", "kernel deref", "cannot read kernel memory through a pointer: programs read it one field of a [KernelType] struct at a time")]
    [InlineData("bad_kernel_subprogram", "kernel subprogram", "reading 'SkBuff.Len' of kernel struct 'sk_buff' in a [MethodImpl(NoInlining)] subprogram")]
    [InlineData("bad_recv_deny", "recvmsg deny", "a cgroup/recvmsg4 program can only rewrite the address, not refuse: every return must be SockAddrVerdict.Allow")]
    [InlineData("bad_ip4_at_ip6", "ipv4 field at ipv6 hook", "'get_UserIp4' cannot be used in a cgroup/connect6 program: user_ip4 exists only at the IPv4 hooks")]
    [InlineData("bad_msg_src", "msg_src outside sendmsg", "'set_MessageSourceIp4' cannot be used in a cgroup/connect4 program: msg_src_ip4 exists only at cgroup/sendmsg4")]
    [InlineData("bad_ip6_word", "ip6 word index", "'UserIp6' takes a constant word index from 0 to 3")]
    [InlineData("bad_sockaddr_trait_hook", "traits at connect", "'ctx.Traits.TryGet' cannot be used in a cgroup/connect4 program: traits exist only at cgroup/sendmsg4, sendmsg6, recvmsg4 and recvmsg6")]
    [InlineData("bad_sockaddr_put_at_send", "put cmsg at sendmsg", "'PutControlMessage' (bpf_sock_addr_put_cmsg) cannot be used in a cgroup/sendmsg4 program: only a cgroup/recvmsg4 or recvmsg6 program puts control messages")]
    [InlineData("bad_sockaddr_read_at_recv", "read cmsg at recvmsg", "'ReadControlMessage' (bpf_sock_addr_cmsg_read) cannot be used in a cgroup/recvmsg6 program: only a cgroup/sendmsg4 or sendmsg6 program reads control messages")]
    [InlineData("bad_sockaddr_trait_meta", "trait at sendmsg under meta", "'ctx.Traits.Set' at a cgroup socket-address hook needs the kfunc backend")]
    [InlineData("bad_sockaddr_signature", "sock_addr signature", "program 'bad_sockaddr_signature' must be declared as 'static SockAddrVerdict ReturnAnInteger(SockAddrContext ctx)'")]
    [InlineData("bad_kfunc_struct", "kfunc struct", "kfunc 'bpf_dynptr_size' ('TraitsBpf.Compiler.Tests.Rejected.RejectedPrograms.DynptrSizeByValue'): parameter 'ptr' is a struct ('Dynptr') by value; kfuncs take numbers and pointers, so pass it by ref or by pointer")]
    [InlineData("bad_kfunc_arity", "kfunc arity", "kfunc 'bpf_six_arguments' ('TraitsBpf.Compiler.Tests.Rejected.RejectedPrograms.bpf_six_arguments') takes 6 arguments; kfuncs take at most 5, in r1–r5")]
    [InlineData("bad_kfunc_result", "kfunc result", "kfunc 'bpf_returns_struct' ('TraitsBpf.Compiler.Tests.Rejected.RejectedPrograms.bpf_returns_struct') returns a 'TraitsBpf.Dynptr'; a kfunc returns nothing, a number or a pointer")]
    [InlineData("bad_kfunc_prototypes", "kfunc prototypes", "kfunc 'bpf_dynptr_size' is declared twice with different signatures, by 'TraitsBpf.Compiler.Tests.Rejected.RejectedPrograms.DynptrSizeByPointer' and 'TraitsBpf.Compiler.Tests.Rejected.RejectedPrograms.DynptrSizeAsLong'")]
    [InlineData("bad_datasection_map", "datasection map", "map field 'SectionedMap' has [DataSection]; a map is defined in .maps, and [DataSection] places global variables")]
    [InlineData("bad_datasection_name", "datasection name", "[DataSection(\"has space\")] on 'BadlyNamed': a section name is letters, digits, '_' and '.'")]
    [InlineData("bad_loop_state", "loop state", "Bpf.Loop's state must be a local of the program (bpf_loop passes a pointer to the stack); this one is in map or global memory")]
    [InlineData("bad_loop_callback", "loop callback", "a delegate here is not a static method or static lambda given straight to Bpf.Loop")]
    [InlineData("bad_lock_helper", "helper under lock", "helper bpf_ktime_get_ns is called while the lock taken at line")]
    [InlineData("bad_lock_twice", "second lock", "a second lock is taken while the lock taken at line")]
    [InlineData("bad_lock_return", "return under lock", "the method returns with this lock held")]
    [InlineData("bad_lock_stack", "lock on the stack", "a BpfSpinLock is locked only as a field of a map value (the verifier takes bpf_spin_lock in map values); this one is in stack memory")]
    [InlineData("bad_timer_map", "timer without map", "BpfTimer.Init takes the map field whose values hold the timer")]
    [InlineData("bad_lock_lru", "lock in lru map", "map field 'RecentGuarded' holds a BpfSpinLock in its value, which the kernel allows only in HashMap and ArrayMap maps")]
    [InlineData("bad_dynptr_stack", "dynptr over stack", "Dynptr.FromMemory takes a map value (the verifier accepts only map memory for bpf_dynptr_from_mem); this one is in stack memory")]
    [InlineData("bad_ld_abs_xdp", "classic load in XDP", "'LoadHalf' (BPF_LD_ABS/BPF_LD_IND) cannot be used in an XDP program: the kernel allows classic packet loads only in socket filter and TC programs")]
    [InlineData("bad_ld_abs_subprogram", "classic load in a subprogram", "'LoadHalf' (BPF_LD_ABS/BPF_LD_IND) in a [MethodImpl(NoInlining)] subprogram: a load past the packet would return 0 from the subprogram, not end the program")]
    [InlineData("bad_socket_leak", "socket leak", "the socket this lookup returns is not released on every path: the return at ")]
    [InlineData("bad_socket_unused", "unused socket", "the socket this lookup returns is not released on every path")]
    [InlineData("bad_socket_null_release", "maybe null release", "Release() of a socket that may be null here: test the lookup's result against null first")]
    [InlineData("bad_socket_double_release", "double release", "Release() of a socket that may already be released on some path")]
    [InlineData("bad_socket_write", "socket write", "cannot write a socket's fields: the verifier lets programs only read them")]
    [InlineData("bad_socket_stray_release", "stray release", "Release() of a socket no lookup in this method returned")]
    [InlineData("bad_socket_null_assign", "maybe null assign", "the socket passed to bpf_sk_assign may be null here")]
    [InlineData("bad_socket_merge", "merged socket", "the variable holding this socket is assigned on more than one path")]
    [InlineData("bad_ringbuf_leak", "ringbuf leak", "the record this ReserveDynptr reserves is neither submitted nor discarded on every path: the return at ")]
    [InlineData("bad_ringbuf_failed", "ringbuf failed reservation", "submit or discard it on every path, also when the reservation failed")]
    [InlineData("bad_ringbuf_double_submit", "ringbuf double submit", "SubmitDynptr of a record that may already be submitted or discarded on some path")]
    [InlineData("bad_ringbuf_use_after_submit", "ringbuf use after submit", "this dynptr's record is submitted or discarded on some path before this use")]
    [InlineData("bad_ringbuf_slice_after_submit", "ringbuf slice after submit", "a pointer Data() or Slice() gave into a ring-buffer record is used after the record may be submitted or discarded")]
    [InlineData("bad_ringbuf_unmade_use", "ringbuf unmade use", "this dynptr may be used before anything made it")]
    [InlineData("bad_ringbuf_stray_submit", "ringbuf stray submit", "SubmitDynptr of a dynptr no ReserveDynptr in this method reserved")]
    [InlineData("bad_ringbuf_unreserved", "ringbuf maybe unreserved", "SubmitDynptr of a dynptr that ReserveDynptr has not filled on every path to this line")]
    [InlineData("bad_ringbuf_reserve_held", "ringbuf reserve held", "this ReserveDynptr reserves into a dynptr whose record reserved at line")]
    [InlineData("bad_ringbuf_subprogram", "ringbuf subprogram", "the dynptr of a reserved record passed to a [MethodImpl(NoInlining)] subprogram")]
    [InlineData("bad_ringbuf_copy", "ringbuf copy", "the dynptr of a reserved record is read as memory")]
    [InlineData("bad_ringbuf_in_map", "ringbuf dynptr in a map", "RingBuffer.ReserveDynptr's dynptr must be a local of the method (the verifier tracks a reserved record in its stack slot); this one is in map or global memory")]
    [InlineData("bad_cast_null", "cast maybe null", "the result of bpf_skc_to_tcp_sock (null when the socket is not of that kind) may be null here, and the verifier refuses a read through a pointer that may be null")]
    [InlineData("bad_cast_after_release", "cast after release", "the socket is used here after its Release() on some path (directly or through a cast of it, which shares its reference)")]
    [InlineData("bad_context_socket_null", "context socket maybe null", "the packet's socket (ctx.Socket, null when the packet has none) may be null here")]
    [InlineData("bad_context_socket_cast", "context socket cast maybe null", "the packet's socket (ctx.Socket, null when the packet has none) may be null here, and bpf_skc_to_tcp_sock takes no null socket")]
    [InlineData("bad_context_socket_release", "context socket release", "Release() of a socket no lookup in this method returned")]
    [InlineData("bad_kernel_array_index", "kernel array index", "'tcp6_sock.tcp.inet_conn.icsk_inet.sk.__sk_common.skc_v6_daddr.in6_u.u6_addr32' is indexed by a value known only at run time")]
    [InlineData("bad_kernel_array_range", "kernel array range", "element 4 of 'tcp6_sock.inet6.saddr.in6_u.u6_addr32' is outside the array's 4 elements")]
    [InlineData("bad_packet_type_write", "packet type write", "'TcContext.set_PacketType' is for running programs as managed code and cannot be used in a compiled program")]
    [InlineData("bad_egress_ifindex", "egress ifindex", "'get_EgressIfindex' can be read only in a DEVMAP program ([Xdp(name, XdpAttach.DevMap)])")]
    [InlineData("bad_devmap_redirect", "devmap redirect", "a DEVMAP program cannot redirect (bpf_redirect_map): the kernel takes only XDP_PASS (send), XDP_DROP or XDP_ABORTED from it")]
    [InlineData("bad_cpumap_tx", "cpumap tx", "an xdp/cpumap program returns XdpAction.Tx, which the kernel takes as an invalid verdict there and drops the packet")]
    public void ReportsTheConstructAndItsLine(string program, string marker, string message)
    {
        var error = Assert.Throws<CompileException>(() => BpfCompiler.Compile(Assembly, new CompilerOptions { Programs = [program] }));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Location);
        Assert.EndsWith("RejectedPrograms.cs", error.Location!.File, StringComparison.Ordinal);
        Assert.Equal(MarkedLine(error.Location.File, marker), error.Location.Line);
        Assert.StartsWith($"{error.Location.File}:{error.Location.Line}: error: ", error.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void NamesTheProgramsWhenTheRequestedOneIsMissing()
    {
        var error = Assert.Throws<CompileException>(() => BpfCompiler.Compile(Assembly, new CompilerOptions { Programs = ["no_such"] }));
        Assert.Contains("has no program named 'no_such'; it has ", error.Message, StringComparison.Ordinal);
        Assert.Contains("bad_class, bad_virtual", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesAFileThatIsNotAnAssembly()
    {
        string path = Path.Combine(Path.GetTempPath(), $"not-an-assembly-{Guid.NewGuid():N}.dll");
        File.WriteAllText(path, "hello");
        try
        {
            var error = Assert.Throws<CompileException>(() => BpfCompiler.Compile(path));
            Assert.Contains("is not a .NET assembly", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RefusesAMissingFile()
    {
        var error = Assert.Throws<CompileException>(() => BpfCompiler.Compile("/nonexistent/Program.dll"));
        Assert.Equal("'/nonexistent/Program.dll' does not exist", error.Message);
    }

    private static int MarkedLine(string file, string marker)
    {
        var lines = File.ReadAllLines(file);
        int index = Array.FindIndex(lines, l => l.Contains($"// rejected: {marker}", StringComparison.Ordinal));
        Assert.True(index >= 0, $"no '// rejected: {marker}' line in {file}");
        return index + 1;
    }
}
