namespace TraitsBpf;

/// <summary>
/// bpf_check_mtu's arithmetic, shared by the TC and XDP forms (net/core/filter.c, Linux 6.12), for the one
/// interface managed execution knows: the packet's own, with a 14-byte link-layer header.
/// </summary>
internal static class MtuCheck
{
    private const int LinkLayerHeaderLength = 14;

    /// <summary>
    /// The packet (<paramref name="packetLength"/> bytes, or <paramref name="mtuLength"/> plus the link-layer
    /// header when that is not 0) changed by <paramref name="lengthDelta"/>, against <paramref name="deviceMtu"/>
    /// plus the header; <paramref name="mtuLength"/> becomes the MTU. ifindex 0 or <paramref name="ownIfindex"/>
    /// is the packet's interface, any other -ENODEV.
    /// </summary>
    public static int Check(uint ifindex, uint ownIfindex, uint deviceMtu, int packetLength, ref uint mtuLength, int lengthDelta)
    {
        if (ifindex != 0 && ifindex != ownIfindex)
        {
            return -Errno.ENODEV;
        }

        // The kernel's int arithmetic, wrapping included.
        int length = unchecked((mtuLength != 0 ? (int)mtuLength + LinkLayerHeaderLength : packetLength) + lengthDelta);
        int result = length <= unchecked((int)deviceMtu + LinkLayerHeaderLength) ? CheckMtuResult.Fits : CheckMtuResult.FragmentationNeeded;
        mtuLength = deviceMtu;
        return result;
    }
}
