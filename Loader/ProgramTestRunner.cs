using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader;

/// <summary>BPF_PROG_TEST_RUN over a program descriptor.</summary>
internal static unsafe class ProgramTestRunner
{
    private const int EthernetHeaderLength = 14;

    // XDP may grow the packet at the head by up to XDP_PACKET_HEADROOM and skb
    // programs may grow it at the tail, so leave plenty of room for the output.
    private const int OutputSlack = 4096;

    public static TestRunResult Run(int fd, string name, BpfProgramType type, ReadOnlySpan<byte> packet, ReadOnlySpan<byte> contextIn, bool withContext, int repeat)
    {
        if (repeat < 1)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, $"the repeat count must be at least 1, got {repeat}");
        if (packet.IsEmpty)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, "the test packet is empty");
        if (type is BpfProgramType.SchedCls or BpfProgramType.SchedAct or BpfProgramType.SocketFilter or BpfProgramType.CgroupSkb
            && packet.Length < EthernetHeaderLength)
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"program '{name}' is a {type} program, whose test packets must hold at least an Ethernet header ({EthernetHeaderLength} bytes), got {packet.Length}");

        var outputSize = packet.Length + OutputSlack;
        while (true)
        {
            var dataOut = new byte[outputSize];
            var contextOut = withContext ? new byte[contextIn.Length] : null;
            var opts = new BpfTestRunOpts { sz = (nuint)sizeof(BpfTestRunOpts), repeat = repeat };
            int rc;
            fixed (byte* input = packet)
            fixed (byte* output = dataOut)
            fixed (byte* ctxIn = contextIn)
            fixed (byte* ctxOut = contextOut)
            {
                opts.data_in = input;
                opts.data_size_in = (uint)packet.Length;
                opts.data_out = output;
                opts.data_size_out = (uint)dataOut.Length;
                if (withContext)
                {
                    opts.ctx_in = ctxIn;
                    opts.ctx_size_in = (uint)contextIn.Length;
                    opts.ctx_out = ctxOut;
                    opts.ctx_size_out = (uint)contextIn.Length;
                }
                rc = Native.bpf_prog_test_run_opts(fd, &opts);
            }

            if (rc == -Errno.ENOSPC && opts.data_size_out > outputSize)
            {
                outputSize = (int)opts.data_size_out;
                continue;
            }
            if (rc < 0)
                throw Failure(rc, name, type);

            Array.Resize(ref dataOut, (int)Math.Min(opts.data_size_out, (uint)dataOut.Length));
            if (contextOut is not null)
                Array.Resize(ref contextOut, (int)Math.Min(opts.ctx_size_out, (uint)contextOut.Length));
            return new TestRunResult(opts.retval, dataOut, opts.duration) { ContextOut = contextOut };
        }
    }

    private static LoaderException Failure(int rc, string name, BpfProgramType type) => -rc switch
    {
        Errno.ENOTSUPP or Errno.EOPNOTSUPP => new LoaderException(LoaderErrorKind.Unsupported,
            $"the kernel cannot test-run program '{name}': {type} programs do not support BPF_PROG_TEST_RUN") { Errno = -rc },
        Errno.EPERM or Errno.EACCES => new LoaderException(LoaderErrorKind.PermissionDenied,
            $"test-running program '{name}' needs root (CAP_BPF and CAP_NET_ADMIN)") { Errno = -rc },
        Errno.EINVAL => new LoaderException(LoaderErrorKind.InvalidArgument,
            $"the kernel refused to test-run program '{name}' on this input (the packet or context is malformed for a {type} program)") { Errno = -rc },
        _ => new LoaderException(LoaderErrorKind.Failed, $"test-running program '{name}' failed: {Errno.Describe(rc)}") { Errno = -rc },
    };
}
