using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Frontend.Intrinsics;

/// <summary>
/// Every SDK and BCL method the frontend lowers itself instead of inlining its IL, in one
/// place. SDK methods are found by the name in their <c>[BpfIntrinsic]</c> (the SDK keeps a
/// managed body for running programs as .NET code) or by their <c>[BpfHelper]</c> number, and
/// <c>[Kfunc]</c> methods, the SDK's and the program's, become kernel function calls; BCL
/// methods, which cannot carry our attributes, by <see cref="MethodKey"/>. Adding a construct
/// is one row here, its lowering on <see cref="FunctionBuilder"/>, and one golden IR test.
/// </summary>
internal static class IntrinsicTable
{
    private const string Interlocked = "System.Threading.Interlocked";
    private const string Math = "System.Math";
    private const string BitOperations = "System.Numerics.BitOperations";
    private const string Unsafe = "System.Runtime.CompilerServices.Unsafe";
    private const string NativeMemory = "System.Runtime.InteropServices.NativeMemory";
    private const string Span = "System.Span`1";
    private const string ReadOnlySpan = "System.ReadOnlySpan`1";
    private const string MemoryMarshal = "System.Runtime.InteropServices.MemoryMarshal";
    private const string BinaryPrimitives = "System.Buffers.Binary.BinaryPrimitives";

    private static readonly Dictionary<string, IntrinsicEntry> Sdk = BuildSdk();

    private static readonly List<(MethodKey Key, IntrinsicEntry Entry)> Bcl =
    [
        // Byte order.
        (new(BinaryPrimitives, "ReverseEndianness", 1), new((b, m, a) => b.LowerReverseEndianness(m, a))),

        // Math on integers: a compare and a phi; BitOperations.PopCount: SWAR.
        (new(Math, "Min", 2), new((b, m, a) => b.LowerMin(m, a), IntegerOperands)),
        (new(Math, "Max", 2), new((b, m, a) => b.LowerMax(m, a), IntegerOperands)),
        (new(Math, "Clamp", 3), new((b, m, a) => b.LowerClamp(m, a), IntegerOperands)),
        (new(Math, "Abs", 1), new((b, m, a) => b.LowerAbs(m, a), (m, a) => IntegerOperands(m, a) && m.Parameters[0].IsSigned)),
        (new(Math, "Sign", 1), new((b, m, a) => b.LowerSign(m, a), (m, a) => IntegerOperands(m, a) && m.Parameters[0].IsSigned)),
        (new(BitOperations, "PopCount", 1), new((b, m, a) => b.LowerPopCount(m, a))),

        // BitOperations: shifts, and population counts of masks built without loops.
        (new(BitOperations, "RotateLeft", 2), new((b, m, a) => b.LowerRotate(left: true, m, a))),
        (new(BitOperations, "RotateRight", 2), new((b, m, a) => b.LowerRotate(left: false, m, a))),
        (new(BitOperations, "TrailingZeroCount", 1), new((b, m, a) => b.LowerTrailingZeroCount(m, a))),
        (new(BitOperations, "LeadingZeroCount", 1), new((b, m, a) => b.LowerLeadingZeroCount(m, a))),
        (new(BitOperations, "Log2", 1), new((b, m, a) => b.LowerLog2(m, a))),

        // Block copies and fills of a constant size, unrolled as clang unrolls memmove and memset.
        (new(Unsafe, "CopyBlock", 3), CopyBlock(destination: 0, source: 1, size: 2)),
        (new(Unsafe, "CopyBlockUnaligned", 3), CopyBlock(destination: 0, source: 1, size: 2)),
        (new(NativeMemory, "Copy", 3), CopyBlock(destination: 1, source: 0, size: 2)),
        (new("System.Buffer", "MemoryCopy", 4), new((b, m, a) => b.LowerBufferMemoryCopy(m, a))),
        (new(Unsafe, "InitBlock", 3), FillBlock(address: 0, value: 1, size: 2)),
        (new(Unsafe, "InitBlockUnaligned", 3), FillBlock(address: 0, value: 1, size: 2)),
        (new(NativeMemory, "Fill", 3), FillBlock(address: 0, value: 2, size: 1)),
        (new(NativeMemory, "Clear", 2), FillBlock(address: 0, value: null, size: 1)),

        // Unsafe's pointer operations: address arithmetic, loads and stores.
        (new(Unsafe, "Read", 1), new((b, m, a) => b.LowerUnsafeRead(m, a))),
        (new(Unsafe, "Write", 2), new((b, m, a) => b.LowerUnsafeWrite(m, a))),
        (new(Unsafe, "ReadUnaligned", 1), new((b, m, a) => b.LowerUnsafeReadUnaligned(m, a))),
        (new(Unsafe, "WriteUnaligned", 2), new((b, m, a) => b.LowerUnsafeWriteUnaligned(m, a))),
        (new(Unsafe, "Add", 2), new((b, m, a) => b.LowerUnsafeOffset(elements: true, subtract: false, m, a))),
        (new(Unsafe, "Subtract", 2), new((b, m, a) => b.LowerUnsafeOffset(elements: true, subtract: true, m, a))),
        (new(Unsafe, "AddByteOffset", 2), new((b, m, a) => b.LowerUnsafeOffset(elements: false, subtract: false, m, a))),
        (new(Unsafe, "SubtractByteOffset", 2), new((b, m, a) => b.LowerUnsafeOffset(elements: false, subtract: true, m, a))),
        (new(Unsafe, "As", 1), new((b, m, a) => b.LowerUnsafeReinterpret(m, a), (m, _) => m.GenericArguments.Count == 2)),
        (new(Unsafe, "AsPointer", 1), new((b, m, a) => b.LowerUnsafeReinterpret(m, a))),
        (new(Unsafe, "AsRef", 1), new((b, m, a) => b.LowerUnsafeReinterpret(m, a), (m, _) => m.Parameters[0].IsPointerLike)),
        (new(Unsafe, "SizeOf", 0), new((b, m, a) => b.LowerUnsafeSizeOf(m, a))),

        // Spans: (pointer, length) pairs whose every check is proven at compile time.
        .. SpanRows(Span),
        .. SpanRows(ReadOnlySpan),
        (new(Span, "Clear", 0), new((b, m, a) => b.LowerSpanClear(m, a))),
        (new(Span, "Fill", 1), new((b, m, a) => b.LowerSpanFill(m, a))),
        (new(Span, "op_Implicit", 1), new((b, m, a) => b.LowerSpanConversion(m, a), (m, _) => FunctionBuilder.IsSpan(m.Parameters[0]))),
        (new("System.MemoryExtensions", "SequenceEqual", 2), new((b, m, a) => b.LowerSequenceEqual(m, a), (m, _) => m.GenericArguments[0].IsInteger)),
        (new(MemoryMarshal, "CreateSpan", 2), new((b, m, a) => b.LowerCreateSpan(m, a))),
        (new(MemoryMarshal, "CreateReadOnlySpan", 2), new((b, m, a) => b.LowerCreateSpan(m, a))),
        (new(MemoryMarshal, "GetReference", 1), new((b, m, a) => b.LowerSpanReference(m, a))),
        (new(MemoryMarshal, "Read", 1), new((b, m, a) => b.LowerMarshalRead(m, a))),
        (new(MemoryMarshal, "Write", 2), new((b, m, a) => b.LowerMarshalWrite(m, a))),
        (new(MemoryMarshal, "AsBytes", 1), new((b, m, a) => b.LowerMarshalAsBytes(m, a))),
        (new(MemoryMarshal, "Cast", 1), new((b, m, a) => b.LowerMarshalCast(m, a))),
        (new("System.Runtime.CompilerServices.RuntimeHelpers", "CreateSpan", 1), new((b, m, a) => b.LowerCreateSpanFromData(m, a))),
        .. BinaryPrimitivesRows(),

        // Interlocked: BPF atomics; the forms returning the new value add the operand back.
        (new(Interlocked, "Increment"), Atomic(AtomicOp.Add, constantOperand: 1, returnsNewValue: true)),
        (new(Interlocked, "Decrement"), Atomic(AtomicOp.Add, constantOperand: -1, returnsNewValue: true)),
        (new(Interlocked, "Add"), Atomic(AtomicOp.Add, returnsNewValue: true)),
        (new(Interlocked, "And"), Atomic(AtomicOp.And)),
        (new(Interlocked, "Or"), Atomic(AtomicOp.Or)),
        (new(Interlocked, "Exchange"), Atomic(AtomicOp.Exchange)),
        (new(Interlocked, "CompareExchange"), Atomic(AtomicOp.CompareExchange)),
        (new(Interlocked, "Read"), Atomic(AtomicOp.Or, constantOperand: 0)),
    ];

    /// <summary>The lowering of a call of <paramref name="method"/> with <paramref name="arguments"/>, or null for an ordinary call.</summary>
    public static IntrinsicLowering? Find(MethodDesc method, IReadOnlyList<StackEntry> arguments)
    {
        if (method.IntrinsicName is { } name)
        {
            return Sdk.TryGetValue(name, out var sdk)
                ? sdk.Lower
                : (b, m, _) => throw b.Error($"the SDK intrinsic '{name}' of '{m.FullName}' is unknown to this compiler");
        }

        if (method.KfuncName is { } kfunc)
        {
            return (b, m, a) => b.LowerKfunc(kfunc, m, a);
        }

        if (method.HelperId is { } helper)
        {
            return (b, m, a) => b.LowerHelper(helper, m, a);
        }

        foreach (var (key, entry) in Bcl)
        {
            if (key.Matches(method))
            {
                return entry.AppliesTo is null || entry.AppliesTo(method, arguments) ? entry.Lower : null;
            }
        }

        return method.DeclaringType.FullName == Interlocked
            ? (b, m, _) => throw b.Error($"'Interlocked.{m.Name}' has no BPF equivalent")
            : null;
    }

    private static Dictionary<string, IntrinsicEntry> BuildSdk()
    {
        var table = new Dictionary<string, IntrinsicEntry>(StringComparer.Ordinal)
        {
            // Packet traits.
            ["traits"] = new((b, m, a) => b.LowerTraitsProperty(m, a)),
            ["traits.set"] = new((b, m, a) => b.LowerTraitSet(m, a)),
            ["traits.get"] = new((b, m, a) => b.LowerTraitGet(m, a)),
            ["traits.del"] = new((b, m, a) => b.LowerTraitDelete(m, a)),

            // Helpers whose arguments are not the method's parameters one for one.
            ["trace"] = new((b, m, a) => b.LowerTrace(m, a)),
            ["fib_lookup"] = new((b, m, a) => b.LowerFibLookup(m, a)),
            ["sk_lookup_tcp"] = new((b, m, a) => b.LowerSocketLookup(BpfHelper.SkLookupTcp, m, a)),
            ["sk_lookup_udp"] = new((b, m, a) => b.LowerSocketLookup(BpfHelper.SkLookupUdp, m, a)),
            ["skc_lookup_tcp"] = new((b, m, a) => b.LowerSocketLookup(BpfHelper.SkcLookupTcp, m, a)),
            ["syncookie.raw_gen_ipv4"] = new((b, m, a) => b.LowerRawSynCookieGenerate(BpfHelper.TcpRawGenSyncookieIpv4, m, a)),
            ["syncookie.raw_gen_ipv6"] = new((b, m, a) => b.LowerRawSynCookieGenerate(BpfHelper.TcpRawGenSyncookieIpv6, m, a)),
            ["syncookie.raw_check_ipv4"] = new((b, m, a) => b.LowerRawSynCookieCheck(BpfHelper.TcpRawCheckSyncookieIpv4, m, a)),
            ["syncookie.raw_check_ipv6"] = new((b, m, a) => b.LowerRawSynCookieCheck(BpfHelper.TcpRawCheckSyncookieIpv6, m, a)),
            ["syncookie.gen"] = new((b, m, a) => b.LowerSynCookieGenerate(m, a)),
            ["syncookie.check"] = new((b, m, a) => b.LowerSynCookieCheck(m, a)),
            ["redirect"] = new((b, m, a) => b.LowerRedirect(m, a)),
            ["redirect_neigh"] = new((b, m, a) => b.LowerContextFreeRedirect(BpfHelper.RedirectNeigh, 3, m, a)),
            ["redirect_peer"] = new((b, m, a) => b.LowerContextFreeRedirect(BpfHelper.RedirectPeer, 1, m, a)),
            ["tunnel_key.get"] = new((b, m, a) => b.LowerSizedStructHelper(BpfHelper.SkbGetTunnelKey, m, a)),
            ["tunnel_key.set"] = new((b, m, a) => b.LowerSizedStructHelper(BpfHelper.SkbSetTunnelKey, m, a)),
            ["xfrm_state.get"] = new((b, m, a) => b.LowerSizedStructHelper(BpfHelper.SkbGetXfrmState, m, a)),
            ["strncmp"] = new((b, m, a) => b.LowerStrncmp(m, a)),
            ["strtol"] = new((b, m, a) => b.LowerStringToNumber(BpfHelper.Strtol, m, a)),
            ["strtoul"] = new((b, m, a) => b.LowerStringToNumber(BpfHelper.Strtoul, m, a)),
            ["ns_current_pid_tgid"] = new((b, m, a) => b.LowerNsCurrentPidTgid(m, a)),
            ["snprintf"] = new((b, m, a) => b.LowerSnprintf(m, a)),
            ["trace.vprintk"] = new((b, m, a) => b.LowerTraceVprintk(m, a)),
            ["ringbuf.output"] = new((b, m, a) => b.LowerRingBufferOutput(m, a)),
            ["ringbuf.reserve"] = new((b, m, a) => b.LowerRingBufferReserve(m, a)),
            ["perf_event.output"] = new((b, m, a) => b.LowerPerfEventOutput(m, a)),
            ["perf_event.output_packet"] = new((b, m, a) => b.LowerPerfEventOutput(m, a)),
            ["ringbuf.reserve_dynptr"] = new((b, m, a) => b.LowerRingBufferReserveDynptr(m, a)),
            ["user_ringbuf.drain"] = new((b, m, a) => b.LowerUserRingBufferDrain(m, a)),
            ["tail_call"] = new((b, m, a) => b.LowerTailCall(m, a)),
            ["loop"] = new((b, m, a) => b.LowerLoop(m, a)),
            ["map.for_each"] = new((b, m, a) => b.LowerMapForEach(m, a)),
            ["dynptr.from_mem"] = new((b, m, a) => b.LowerDynptrFromMem(m, a)),
            ["timer.init"] = new((b, m, a) => b.LowerTimerInit(m, a)),
            ["timer.set_callback"] = new((b, m, a) => b.LowerTimerSetCallback(m, a)),
            ["tc.kernel_skb"] = new((b, m, a) => b.LowerKernelSkb(m, a)),
            ["dynptr.read"] = new((b, m, a) => b.LowerDynptrRead(m, a)),
            ["dynptr.write"] = new((b, m, a) => b.LowerDynptrWrite(m, a)),

            // Classic packet loads (BPF_LD_ABS/BPF_LD_IND), which the kernel allows in socket filter and TC programs only.
            ["ld_abs.byte"] = new((b, m, a) => b.LowerPacketLoad(1, m, a)),
            ["ld_abs.half"] = new((b, m, a) => b.LowerPacketLoad(2, m, a)),
            ["ld_abs.word"] = new((b, m, a) => b.LowerPacketLoad(4, m, a)),
            ["ld_abs.xdp"] = new((b, m, _) => throw b.PacketLoadInXdp(m)),
            ["bloom.push"] = new((b, m, a) => b.LowerBloomFilterPush(m, a)),

            // Byte order (Net.Ntohs and friends).
            ["bswap16"] = new((b, m, a) => b.LowerByteSwap(16, m, a)),
            ["bswap32"] = new((b, m, a) => b.LowerByteSwap(32, m, a)),
            ["bswap64"] = new((b, m, a) => b.LowerByteSwap(64, m, a)),
        };

        // Context accessors: one row per field of xdp_md, __sk_buff and bpf_sock_addr the SDK exposes.
        foreach (var (name, field) in ContextFields.All)
        {
            table.Add(name, new((b, m, a) => b.LowerContextField(name, field, m, a)));
        }

        return table;
    }

    /// <summary>What <c>Span&lt;T&gt;</c> and <c>ReadOnlySpan&lt;T&gt;</c> have alike.</summary>
    private static IEnumerable<(MethodKey Key, IntrinsicEntry Entry)> SpanRows(string type) =>
    [
        (new(type, ".ctor", 2), new((b, m, a) => b.LowerSpanFromPointer(m, a), (m, _) => m.Parameters[0].Kind == TypeKind.Pointer)),
        (new(type, ".ctor", 1), new((b, m, a) => b.LowerSpanFromReference(m, a), (m, _) => m.Parameters[0].Kind == TypeKind.ByRef)),
        (new(type, "get_Empty", 0), new((b, m, a) => b.LowerEmptySpan(m, a))),
        (new(type, "get_Length", 0), new((b, m, a) => b.LowerSpanLength(m, a))),
        (new(type, "get_IsEmpty", 0), new((b, m, a) => b.LowerSpanIsEmpty(m, a))),
        (new(type, "get_Item", 1), new((b, m, a) => b.LowerSpanItem(m, a))),
        (new(type, "Slice", 1), new((b, m, a) => b.LowerSpanSlice(m, a))),
        (new(type, "Slice", 2), new((b, m, a) => b.LowerSpanSlice(m, a))),
        (new(type, "CopyTo", 1), new((b, m, a) => b.LowerSpanCopyTo(m, a), (m, _) => FunctionBuilder.IsSpan(m.Parameters[0]))),
        (new(type, "GetPinnableReference", 0), new((b, m, a) => b.LowerSpanPinnableReference(m, a))),
    ];

    /// <summary><c>BinaryPrimitives.Read/Write{Int,UInt}{16,32,64}{Big,Little}Endian</c> over spans of bytes.</summary>
    private static IEnumerable<(MethodKey Key, IntrinsicEntry Entry)> BinaryPrimitivesRows() =>
        from integer in (string[])["Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64"]
        from bigEndian in (bool[])[true, false]
        let order = bigEndian ? "BigEndian" : "LittleEndian"
        from row in (IEnumerable<(MethodKey, IntrinsicEntry)>)
        [
            (new(BinaryPrimitives, $"Read{integer}{order}", 1), new((b, m, a) => b.LowerBinaryRead(bigEndian, m, a))),
            (new(BinaryPrimitives, $"Write{integer}{order}", 2), new((b, m, a) => b.LowerBinaryWrite(bigEndian, m, a))),
        ]
        select row;

    private static IntrinsicEntry CopyBlock(int destination, int source, int size) =>
        new((b, m, a) => b.LowerCopyBlock(destination, source, size, m, a));

    private static IntrinsicEntry FillBlock(int address, int? value, int size) =>
        new((b, m, a) => b.LowerFillBlock(address, value, size, m, a));

    private static IntrinsicEntry Atomic(AtomicOp op, long? constantOperand = null, bool returnsNewValue = false) =>
        new((b, m, a) => b.LowerAtomic(op, constantOperand, returnsNewValue, m, a));

    /// <summary>Math is lowered on integers only; other overloads are ordinary (refused) calls.</summary>
    private static bool IntegerOperands(MethodDesc method, IReadOnlyList<StackEntry> arguments) =>
        arguments.Count > 0 && arguments.All(a => a.Type.IsInteger);
}
