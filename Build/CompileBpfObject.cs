using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace TraitsBpf.Build;

/// <summary>
/// Runs <c>traitsbpf compile</c> over an assembly (writing the object, and the typed skeleton when asked) and reports what it says as MSBuild
/// diagnostics: <c>File.cs:12: error: ...</c> becomes an error at that file and line (so an IDE
/// underlines it), any other <c>error: ...</c> an error without a location.
/// </summary>
public sealed partial class CompileBpfObject : ToolTask
{
    /// <summary>The compiled .NET assembly whose programs are compiled (its .pdb beside it gives line info).</summary>
    [Required]
    public string Assembly { get; set; } = "";

    /// <summary>The object file to write.</summary>
    [Required]
    public string Output { get; set; } = "";

    /// <summary>The packaged <c>traitsbpf.dll</c> that compiles.</summary>
    [Required]
    public string CompilerPath { get; set; } = "";

    /// <summary>The traits backend: kfunc, meta or auto; empty leaves the compiler's default (auto).</summary>
    public string Traits { get; set; } = "";

    /// <summary>Only these programs (their attribute names); empty compiles them all.</summary>
    public string[] Programs { get; set; } = [];

    /// <summary>Where to write the typed C# skeleton of the object; empty writes none.</summary>
    public string Skeleton { get; set; } = "";

    /// <summary>The skeleton's namespace; empty is the compiler's default (the assembly's name).</summary>
    public string SkeletonNamespace { get; set; } = "";

    /// <summary>The skeleton's class name; empty is the compiler's default (the assembly name's last part + Skeleton).</summary>
    public string SkeletonClass { get; set; } = "";

    /// <summary>The manifest resource name the skeleton opens the embedded object from; empty is the compiler's default (the assembly's name + .bpf.o).</summary>
    public string SkeletonResource { get; set; } = "";

    /// <inheritdoc/>
    protected override string ToolName => "dotnet";

    /// <summary>The code every diagnostic from the BPF compiler carries.</summary>
    private const string DiagnosticCode = "TRAITSBPF";

    /// <inheritdoc/>
    protected override string GenerateFullPathToTool() =>
        // dotnet build sets DOTNET_HOST_PATH to the muxer running it, so the compiler runs on the
        // same .NET as the build even when another dotnet comes first on PATH.
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <inheritdoc/>
    protected override string GenerateCommandLineCommands()
    {
        var builder = new CommandLineBuilder();
        builder.AppendSwitch("exec");
        builder.AppendFileNameIfNotNull(CompilerPath);
        builder.AppendSwitch("compile");
        builder.AppendFileNameIfNotNull(Assembly);
        builder.AppendSwitch("-o");
        builder.AppendFileNameIfNotNull(Output);
        if (Traits.Length > 0)
        {
            builder.AppendSwitch("--traits");
            builder.AppendTextUnquoted(" " + Traits);
        }

        foreach (var program in Programs)
            builder.AppendSwitchIfNotNull("--program ", program);
        if (Skeleton.Length > 0)
        {
            builder.AppendSwitchIfNotNull("--skeleton ", Skeleton);
            AppendIfGiven(builder, "--skeleton-namespace ", SkeletonNamespace);
            AppendIfGiven(builder, "--skeleton-class ", SkeletonClass);
            AppendIfGiven(builder, "--skeleton-resource ", SkeletonResource);
        }

        return builder.ToString();
    }

    private static void AppendIfGiven(CommandLineBuilder builder, string option, string value)
    {
        if (value.Length > 0)
            builder.AppendSwitchIfNotNull(option, value);
    }

    /// <inheritdoc/>
    protected override bool ValidateParameters()
    {
        if (Traits.Length > 0 && Traits is not ("kfunc" or "meta" or "auto"))
        {
            Log.LogError(null, DiagnosticCode, null, null, 0, 0, 0, 0,
                "TraitsBpfTraits is '{0}'; it must be kfunc, meta or auto (or empty for auto).", Traits);
            return false;
        }

        if (!File.Exists(CompilerPath))
        {
            Log.LogError(null, DiagnosticCode, null, null, 0, 0, 0, 0,
                "The BPF compiler '{0}' does not exist; restore the TraitsBpf.Build package again.", CompilerPath);
            return false;
        }

        return true;
    }

    /// <inheritdoc/>
    protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
    {
        if (LocatedError().Match(singleLine) is { Success: true } located)
        {
            Log.LogError(null, DiagnosticCode, null, located.Groups["file"].Value,
                int.Parse(located.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), 0, 0, 0,
                "{0}", located.Groups["message"].Value);
        }
        else if (UnlocatedError().Match(singleLine) is { Success: true } unlocated)
        {
            string where = unlocated.Groups["where"].Success ? unlocated.Groups["where"].Value + ": " : "";
            Log.LogError(null, DiagnosticCode, null, Assembly, 0, 0, 0, 0, "{0}{1}", where, unlocated.Groups["message"].Value);
        }
        else
        {
            Log.LogMessage(MessageImportance.Low, "{0}", singleLine);
        }
    }

    /// <inheritdoc/>
    protected override bool HandleTaskExecutionErrors() =>
        // The compiler's own sentence has been logged; MSBuild's "exited with code 6" adds nothing.
        Log.HasLoggedErrors ? false : base.HandleTaskExecutionErrors();

    /// <summary>"Program.cs:12: error: message", the form the compiler gives an error in C# source.</summary>
    [GeneratedRegex(@"^(?<file>.+?):(?<line>\d+): error: (?<message>.*)$")]
    private static partial Regex LocatedError();

    /// <summary>"error: message" or "Type.Method: error: message": an error with no source line.</summary>
    [GeneratedRegex(@"^(?:(?<where>\S+): )?error: (?<message>.*)$")]
    private static partial Regex UnlocatedError();
}
