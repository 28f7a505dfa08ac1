using TraitsBpf.Loader.Attach;

namespace TraitsBpf.Loader;

/// <summary>Programs in the kernel by id: what user space reads back from a CPU or device map slot's program is its id.</summary>
public static class ProgramsById
{
    /// <summary>The kernel's name of program <paramref name="id"/> (at most 15 characters), or null when no program has that id any more.</summary>
    /// <exception cref="LoaderException">The kernel refused to open or describe the program.</exception>
    public static string? NameOf(uint id)
    {
        using var handle = KernelPrograms.Open(id);
        return handle is null ? null : ProgramInfoReader.Read(handle.Fd, $"program id {id}").Name;
    }
}
