using System.Runtime.InteropServices;

namespace TraitsBpf.Cli.Output;

/// <summary>
/// Turns SIGINT (Ctrl-C), SIGTERM, SIGHUP and SIGQUIT into a request to stop that a long-running verb
/// polls, so that it ends cleanly, closing what it attached, instead of being killed.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private static readonly PosixSignal[] Handled = [PosixSignal.SIGHUP, PosixSignal.SIGINT, PosixSignal.SIGQUIT, PosixSignal.SIGTERM];

    private readonly PosixSignalRegistration[] registrations;
    private volatile bool requested;

    public StopSignals()
    {
        registrations = [.. Handled.Select(handled => PosixSignalRegistration.Create(handled, context =>
        {
            context.Cancel = true;
            requested = true;
        }))];
    }

    /// <summary>Whether a signal asked to stop.</summary>
    public bool Requested => requested;

    public void Dispose()
    {
        foreach (var registration in registrations)
            registration.Dispose();
    }
}
