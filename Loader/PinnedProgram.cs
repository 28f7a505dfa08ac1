using TraitsBpf.Loader.Interop;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader;

/// <summary>A program opened from a pin on the BPF filesystem; owns its descriptor.</summary>
public sealed class PinnedProgram : IBpfProgram, IDisposable
{
    private readonly FileDescriptorHandle _fd;

    private PinnedProgram(FileDescriptorHandle fd, string path, BpfProgramInfo info)
    {
        _fd = fd;
        Path = path;
        Name = info.Name;
        Type = info.Type;
    }

    /// <summary>The pin's path.</summary>
    public string Path { get; }

    /// <summary>The kernel's name for the program (at most 15 characters).</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public BpfProgramType Type { get; }

    /// <inheritdoc/>
    public int Fd => _fd.Fd;

    /// <summary>Opens the program pinned at <paramref name="path"/>.</summary>
    /// <exception cref="LoaderException">The path is missing, not on bpffs, or pins something other than a program.</exception>
    public static PinnedProgram Open(string path)
    {
        if (!File.Exists(path))
            throw new LoaderException(LoaderErrorKind.FileNotFound, $"file '{path}' does not exist");
        if (!BpfFileSystem.IsOnBpfFs(path))
            throw new LoaderException(LoaderErrorKind.NotAnObject, $"'{path}' is not a pin on the BPF filesystem");
        var fd = PinnedDescriptor.OpenAs(path, BpfFdKind.Program, "the program");
        try
        {
            return new PinnedProgram(fd, path, ProgramInfoReader.Read(fd.Fd, $"the program pinned at {path}"));
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public TestRunResult TestRun(ReadOnlySpan<byte> packet, int repeat = 1) =>
        ProgramTestRunner.Run(Fd, Name, Type, packet, default, withContext: false, repeat);

    /// <inheritdoc/>
    public TestRunResult TestRun(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> contextIn, int repeat = 1) =>
        ProgramTestRunner.Run(Fd, Name, Type, packet, contextIn, withContext: true, repeat);

    /// <inheritdoc/>
    public BpfProgramInfo Info() => ProgramInfoReader.Read(Fd, $"the program pinned at {Path}");

    /// <inheritdoc/>
    public void Dispose() => _fd.Dispose();
}
