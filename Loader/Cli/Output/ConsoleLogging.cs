using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using TraitsBpf.Loader;

namespace TraitsBpf.Cli.Output;

/// <summary>
/// The console logger: everything on stderr so stdout stays parseable. Quiet by default
/// (warnings only, libbpf's chatter off); -v shows traitsbpf's steps and libbpf's debug log.
/// </summary>
internal static class ConsoleLogging
{
    public static ILoggerFactory Create(bool verbose) => LoggerFactory.Create(builder =>
    {
        builder.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.IncludeScopes = false;
            options.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        builder.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning);
        // libbpf's warnings repeat what the error message already says; show them only on request.
        builder.AddFilter(LibbpfLog.Category, verbose ? LogLevel.Debug : LogLevel.None);
    });
}
