namespace TraitsBpf.Loader;

/// <summary>
/// The kernel's verifier rejected a program. Carries the complete verifier log and what
/// was distilled from it: the failing instruction, its source line when the object has
/// BTF line info, and the verifier's reason.
/// </summary>
public sealed class VerifierException : LoaderException
{
    internal VerifierException(string programName, string log, VerifierLogAnalysis analysis, int errno)
        : base(LoaderErrorKind.VerifierRejected, analysis.Summarize(programName))
    {
        ProgramName = programName;
        Log = log;
        Reason = analysis.Reason;
        FailingInstructionIndex = analysis.FailingInstructionIndex;
        FailingInstruction = analysis.FailingInstruction;
        SourceFile = analysis.SourceFile;
        SourceLine = analysis.SourceLine;
        SourceText = analysis.SourceText;
        AnnotatedLog = analysis.AnnotatedLog;
        Errno = errno;
    }

    /// <summary>The program the verifier rejected.</summary>
    public string ProgramName { get; }

    /// <summary>The verifier log exactly as the kernel wrote it.</summary>
    public string Log { get; }

    /// <summary>
    /// The log with every instruction line prefixed by its source <c>file:line</c> when the
    /// object carries line info; otherwise the log unchanged. The kernel's own
    /// <c>; source @ file:line</c> lines are kept.
    /// </summary>
    public string AnnotatedLog { get; }

    /// <summary>The verifier's reason for rejecting the program (its final message lines).</summary>
    public string Reason { get; }

    /// <summary>The index of the instruction the verifier stopped at, when the log names one.</summary>
    public int? FailingInstructionIndex { get; }

    /// <summary>The failing instruction as the verifier printed it, e.g. <c>r1 = *(u8 *)(r1 +20)</c>.</summary>
    public string? FailingInstruction { get; }

    /// <summary>The source file of the failing instruction, from BTF line info.</summary>
    public string? SourceFile { get; }

    /// <summary>The source line number of the failing instruction, from BTF line info.</summary>
    public int? SourceLine { get; }

    /// <summary>The text of the failing source line, from BTF line info.</summary>
    public string? SourceText { get; }
}
