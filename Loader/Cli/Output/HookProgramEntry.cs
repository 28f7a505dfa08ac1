using TraitsBpf.Loader.Attach;

namespace TraitsBpf.Cli.Output;

/// <summary>One program on a shared hook (libxdp's XDP dispatcher, a tcx hook) as <c>list</c> prints it, with who put it there.</summary>
/// <param name="Id">The kernel's program id.</param>
/// <param name="Name">The program's name as the kernel has it.</param>
/// <param name="Priority">In libxdp's dispatcher: its run priority, lower first; null on a tcx hook.</param>
/// <param name="Owner"><c>traitsbpf</c> for one of traitsbpf's attachments, else <c>other</c> (the kernel and libxdp record no owner).</param>
/// <param name="Attachment">The traitsbpf attachment's name, for traitsbpf's programs.</param>
public sealed record HookProgramEntry(uint Id, string Name, uint? Priority, string Owner, string? Attachment)
{
    /// <summary>The program, with its owner found among <paramref name="attachments"/>.</summary>
    public static HookProgramEntry From(HookProgram program, IReadOnlyList<AttachmentStatus> attachments)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(attachments);
        var ours = attachments.FirstOrDefault(a => a.Record.ProgramId == program.Id);
        return new HookProgramEntry(program.Id, program.Name, program.Priority, ours is null ? "other" : "traitsbpf", ours?.Record.Name);
    }

    /// <summary>The program as one line of the text listing.</summary>
    public string Describe() =>
        $"{(Priority is { } priority ? $"priority {priority}: " : "")}'{Name}' id {Id}, {(Attachment is { } name ? $"traitsbpf attachment '{name}'" : "another tool (not traitsbpf)")}";
}
