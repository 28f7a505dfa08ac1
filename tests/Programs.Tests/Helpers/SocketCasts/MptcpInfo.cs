using System.Runtime.InteropServices;

namespace TraitsBpf.Programs.Tests.Helpers.SocketCasts;

/// <summary>The fields of <c>struct mptcp_info</c> (MPTCP_INFO, linux/mptcp.h) the socket cast tests compare with the kernel's mptcp_sock.</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
public struct MptcpInfo
{
    [FieldOffset(0)] public byte Subflows;
    [FieldOffset(12)] public uint Token;
    [FieldOffset(16)] public ulong WriteSequence;
    [FieldOffset(24)] public ulong SendUnacknowledged;
    [FieldOffset(32)] public ulong ReceiveNext;
}
