using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace TraitsBpf.TestSupport.Host;

/// <summary>
/// Runs library code inside a named network namespace (<c>ip netns</c>) on a thread of its own that
/// enters it with setns(2): the namespace is per thread, so the test's other threads stay where they are.
/// Interface names, netlink and tcx queries then resolve there, as they do for a traitsbpf process run in it.
/// </summary>
public static partial class NetworkNamespaceThread
{
    private const int CloneNewNet = 0x40000000;

    /// <summary>Runs <paramref name="action"/> inside <c>/run/netns/<paramref name="namespaceName"/></c> and returns its result or rethrows its exception.</summary>
    public static T Run<T>(string namespaceName, Func<T> action)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var ns = File.OpenHandle($"/run/netns/{namespaceName}");
                if (setns((int)ns.DangerousGetHandle(), CloneNewNet) != 0)
                    throw new InvalidOperationException($"setns into {namespaceName} failed: errno {Marshal.GetLastPInvokeError()}");
                result = action();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    /// <summary>Runs <paramref name="action"/> inside the namespace.</summary>
    public static void Run(string namespaceName, Action action) => Run(namespaceName, () =>
    {
        action();
        return 0;
    });

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);
}
