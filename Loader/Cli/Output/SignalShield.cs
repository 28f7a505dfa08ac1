using System.Runtime.InteropServices;

namespace TraitsBpf.Cli.Output;

/// <summary>
/// Holds off SIGINT, SIGTERM, SIGHUP and SIGQUIT while traitsbpf changes what is attached
/// and pinned (a fraction of a second), so that Ctrl-C cannot leave half an attachment;
/// a signal that arrived meanwhile ends the process as soon as the change is complete.
/// </summary>
internal sealed class SignalShield : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;
    private volatile bool _interrupted;

    public SignalShield()
    {
        _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT }
            .Select(signal => PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                _interrupted = true;
            }))];
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        if (_interrupted)
            Environment.Exit(130);
    }
}
