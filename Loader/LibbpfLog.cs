using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader;

/// <summary>
/// Routes libbpf's print callback into Microsoft.Extensions.Logging under the category
/// <c>libbpf</c>, and libxdp's (same signature and levels) too once libxdp is used. Each library
/// has one process-wide callback, so this is process-wide too.
/// </summary>
public static unsafe class LibbpfLog
{
    /// <summary>The logging category libbpf's messages are written under.</summary>
    public const string Category = "libbpf";

    // x86-64 and arm64 both hand the callback a pointer to the caller's va_list
    // object, so copying these bytes is exactly what va_copy does there.
    private const int VaListBytes = 32;

    private static ILogger s_logger = NullLogger.Instance;
    private static int s_installed;
    private static int s_libxdpInstalled;

    [ThreadStatic]
    private static string? t_lastWarning;

    // The first warnings after a reset: a failed load names its culprit in the first few, and a thread that never
    // resets (a long-lived caller of attach and detach) must not collect libbpf's warnings without end.
    private const int MaxWarnings = 64;

    [ThreadStatic]
    private static List<string>? t_warnings;

    /// <summary>Sends libbpf's messages to <paramref name="factory"/> from now on.</summary>
    public static void Use(ILoggerFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        s_logger = factory.CreateLogger(Category);
        EnsureInstalled();
    }

    /// <summary>Installs the callback; called before every libbpf use so nothing is printed raw to stderr.</summary>
    internal static void EnsureInstalled()
    {
        if (Interlocked.Exchange(ref s_installed, 1) == 0)
        {
            // An UnmanagedCallersOnly function pointer has no delegate for the GC to
            // collect, so nothing needs to be kept alive for libbpf's sake.
            Native.libbpf_set_print(&Print);
        }
    }

    /// <summary>
    /// Installs the callback in libxdp too, before its first use (libxdp would otherwise print its warnings
    /// to stderr). Throws when libxdp.so.1 is missing, saying which package has it.
    /// </summary>
    internal static void EnsureInstalledForLibxdp()
    {
        EnsureInstalled();
        if (Volatile.Read(ref s_libxdpInstalled) == 1)
            return;
        try
        {
            Libxdp.libxdp_set_print(&Print);
        }
        catch (DllNotFoundException e)
        {
            throw new LoaderException(LoaderErrorKind.Unsupported,
                $"sharing an XDP hook with libxdp's dispatcher needs libxdp.so.1, which is not installed (Debian: apt-get install libxdp1): {e.Message}");
        }
        Volatile.Write(ref s_libxdpInstalled, 1);
    }

    /// <summary>Forgets the calling thread's last libbpf warning, before an operation whose failure should quote it.</summary>
    internal static void ResetLastWarning()
    {
        t_lastWarning = null;
        t_warnings?.Clear();
    }

    /// <summary>The last warning libbpf printed on this thread, if any: libbpf's only channel for why open or load failed.</summary>
    internal static string? LastWarning => t_lastWarning;

    /// <summary>The first 64 warnings libbpf printed on this thread since <see cref="ResetLastWarning"/>, oldest first: a failed load names its culprit in the first ones.</summary>
    internal static IReadOnlyList<string> Warnings => t_warnings ?? [];

    [UnmanagedCallersOnly]
    private static int Print(int level, byte* format, nint args)
    {
        try
        {
            var message = Format(format, args).TrimEnd('\n');
            if (message.StartsWith("libbpf: ", StringComparison.Ordinal))
                message = message["libbpf: ".Length..];
            else if (message.StartsWith("libxdp: ", StringComparison.Ordinal))
                message = message["libxdp: ".Length..];
            var logLevel = level switch
            {
                0 => LogLevel.Warning,
                1 => LogLevel.Information,
                _ => LogLevel.Debug,
            };
            if (logLevel == LogLevel.Warning)
            {
                t_lastWarning = message;
                if ((t_warnings ??= []).Count < MaxWarnings)
                    t_warnings.Add(message);
            }
            if (s_logger.IsEnabled(logLevel))
                s_logger.Log(logLevel, "{Message}", message);
        }
        catch (Exception)
        {
            // An exception must never unwind into libbpf's C frames.
        }
        return 0;
    }

    private static string Format(byte* format, nint args)
    {
        var copy = stackalloc byte[VaListBytes];
        if (RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64)
        {
            Buffer.MemoryCopy((void*)args, copy, VaListBytes, VaListBytes);
            var needed = LibC.vsnprintf(null, 0, format, (nint)copy);
            if (needed < 0)
                return string.Empty;
            var buffer = new byte[needed + 1];
            fixed (byte* p = buffer)
                LibC.vsnprintf(p, (nuint)buffer.Length, format, args);
            return Encoding.UTF8.GetString(buffer, 0, needed);
        }

        const int fallbackSize = 8192;
        var fixedBuffer = new byte[fallbackSize];
        fixed (byte* p = fixedBuffer)
        {
            var written = LibC.vsnprintf(p, fallbackSize, format, args);
            return written < 0 ? string.Empty : Encoding.UTF8.GetString(fixedBuffer, 0, Math.Min(written, fallbackSize - 1));
        }
    }
}
