using Microsoft.Extensions.Logging;
using TraitsBpf.Cli.Sources;
using TraitsBpf.Loader.Attach;

namespace TraitsBpf.Cli;

/// <summary>What every command gets: where to write, a logger, the accepted inputs and the attachment store.</summary>
/// <param name="Out">Results (stdout).</param>
/// <param name="Error">Diagnostics and errors (stderr).</param>
/// <param name="Logger">The command's logger (stderr; verbose with -v).</param>
/// <param name="Sources">The input kinds load/run/dump accept.</param>
/// <param name="Attachments">traitsbpf's attachments under /sys/fs/bpf/traitsbpf.</param>
public sealed record CliContext(TextWriter Out, TextWriter Error, ILogger Logger, ObjectSources Sources, Attachments Attachments);
