using TraitsBpf.Abi;
using TraitsBpf.Cli.Output;
using TraitsBpf.Cli.Tracing;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Traits;

namespace TraitsBpf.Cli.Verbs;

/// <summary>
/// Follows packets that carry traits through the stack, live: tracing programs on the receive, output, socket
/// delivery, drop and consume tracepoints read each sk_buff's traits with the backend in force on the host and
/// send the packets the <c>--where</c> clauses accept; one line per event, until <c>--count</c>, <c>--timeout</c>,
/// Ctrl-C or SIGTERM, when the programs are detached.
/// </summary>
public sealed class TraceCommand : CliCommand<TraceOptions>
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <inheritdoc/>
    protected override ExitCode Execute(TraceOptions options, CliContext context)
    {
        Capabilities.Require("traitsbpf trace", bpf: true, netAdmin: false);
        if (options.Count is < 1)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, $"--count must be at least 1, not {options.Count}.");
        if (options.Timeout is < 1)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, $"--timeout must be at least 1 second, not {options.Timeout}.");
        var backend = new HostTraitBackend(context.Logger).Read()
            ?? throw new LoaderException(LoaderErrorKind.NotAttached,
                "no traits backend is recorded on this host (no program that uses traits has been loaded), so no packet carries traits to trace; load a tagger first.");
        var registered = new HostTraitRegistry(context.Logger).List();
        var clauses = TraceClause.Parse(options.Where, registered);
        var formatter = new TraceLineFormatter(registered, KernelFeatures.CurrentEnumerators("skb_drop_reason"));

        using var stop = new StopSignals();
        using var session = TraitTraceSession.Start(backend.Backend, clauses, context.Logger);
        context.Error.WriteLine($"tracing packets with traits ({TraitsBackendNames.Of(backend.Backend)} backend; {(clauses.Count == 0 ? "every packet" : "where " + string.Join(" and ", clauses))}) at {string.Join(", ", session.Hooks)}; Ctrl-C ends");
        var deadline = options.Timeout is { } seconds ? DateTime.UtcNow.AddSeconds(seconds) : DateTime.MaxValue;
        int shown = 0;
        while (!stop.Requested && shown < (options.Count ?? int.MaxValue) && DateTime.UtcNow < deadline)
        {
            foreach (var record in session.Next(PollInterval))
            {
                if (formatter.Format(record) is not { } line)
                    continue;
                context.Out.WriteLine(line);
                if (++shown == options.Count)
                    break;
            }

            context.Out.Flush();
        }

        ulong lost = session.Lost();
        context.Error.WriteLine(lost == 0 ? $"{shown} event(s)" : $"{shown} event(s); {lost} lost because the ring buffer was full");
        return ExitCode.Success;
    }
}
