using System.Runtime.InteropServices;

namespace TraitsBpf.Cli.Output;

/// <summary>
/// Holds off SIGINT, SIGTERM, SIGHUP and SIGQUIT while traitsbpf changes what is attached
/// and pinned (a fraction of a second), so that Ctrl-C cannot leave half an attachment;
/// a signal that arrived meanwhile ends the process as soon as the change is complete, with
/// the status a shell reports for a process that signal killed (128 + its number), the same as
/// when it arrives outside the shield.
/// </summary>
internal sealed class SignalShield : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;
    private static readonly (PosixSignal Signal, int Number)[] Held =
        [(PosixSignal.SIGHUP, 1), (PosixSignal.SIGINT, 2), (PosixSignal.SIGQUIT, 3), (PosixSignal.SIGTERM, 15)];

    private readonly Lock _gate = new();
    private int _signal;
    private bool _lifted;

    public SignalShield()
    {
        _registrations = [.. Held.Select(held => PosixSignalRegistration.Create(held.Signal, context =>
        {
            // A handler runs on another thread and may start only after the shield is lifted: it then
            // lets the signal take its default course instead of swallowing it.
            lock (_gate)
            {
                if (_lifted)
                    return;
                context.Cancel = true;
                _signal = held.Number;
            }
        }))];
    }

    public void Dispose()
    {
        int signal;
        lock (_gate)
        {
            _lifted = true;
            signal = _signal;
        }
        foreach (var registration in _registrations)
            registration.Dispose();
        if (signal != 0)
            Environment.Exit(128 + signal);
    }
}
