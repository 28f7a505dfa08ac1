using System.Net.Sockets;

namespace TraitsBpf.Loader.Skeleton;

/// <summary>A socket filter program of a generated skeleton.</summary>
public sealed class SocketFilterSkeletonProgram : SkeletonProgram
{
    /// <summary>Wraps the socket filter <paramref name="program"/>.</summary>
    public SocketFilterSkeletonProgram(BpfProgram program)
        : base(program)
    {
    }

    /// <summary>Attaches the loaded program to <paramref name="socket"/> (see <see cref="BpfProgram.AttachSocketFilter"/>).</summary>
    /// <exception cref="LoaderException">The kernel refused.</exception>
    public ProgramAttachment Attach(Socket socket) => Program.AttachSocketFilter(socket);
}
