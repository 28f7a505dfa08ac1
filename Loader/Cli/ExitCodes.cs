using TraitsBpf.Loader;

namespace TraitsBpf.Cli;

/// <summary>Maps loader failures to exit codes.</summary>
internal static class ExitCodes
{
    public static ExitCode For(LoaderErrorKind kind) => kind switch
    {
        LoaderErrorKind.InvalidArgument or LoaderErrorKind.MapNotFound => ExitCode.Usage,
        LoaderErrorKind.FileNotFound => ExitCode.FileNotFound,
        LoaderErrorKind.NotAnObject => ExitCode.NotAnObject,
        LoaderErrorKind.InterfaceNotFound => ExitCode.InterfaceNotFound,
        LoaderErrorKind.PermissionDenied => ExitCode.PermissionDenied,
        LoaderErrorKind.ProgramNotFound => ExitCode.ProgramNotFound,
        LoaderErrorKind.AlreadyAttached => ExitCode.AlreadyAttached,
        LoaderErrorKind.VerifierRejected => ExitCode.VerifierRejected,
        LoaderErrorKind.NotAttached => ExitCode.NotAttached,
        LoaderErrorKind.Unsupported => ExitCode.Unsupported,
        LoaderErrorKind.TraitConflict => ExitCode.TraitConflict,
        LoaderErrorKind.UnsafePinRoot => ExitCode.UnsafePinRoot,
        _ => ExitCode.Failure,
    };
}
