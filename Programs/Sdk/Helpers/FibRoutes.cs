namespace TraitsBpf;

/// <summary>
/// The routes <c>ctx.FibLookup</c> finds in managed execution, by IPv4 destination: a test puts
/// in what the kernel's table would say. An address without a route is NotForwarded.
/// </summary>
public static class FibRoutes
{
    private static readonly Dictionary<uint, (uint Ifindex, byte[] SourceMac, byte[] DestinationMac)> Routes = [];

    /// <summary>Routes <paramref name="destination"/> (network order) out of <paramref name="ifindex"/> with these MACs.</summary>
    public static void Add(uint destination, uint ifindex, byte[] sourceMac, byte[] destinationMac)
    {
        ArgumentNullException.ThrowIfNull(sourceMac);
        ArgumentNullException.ThrowIfNull(destinationMac);
        Routes[destination] = (ifindex, sourceMac, destinationMac);
    }

    /// <summary>Removes every route.</summary>
    public static void Clear() => Routes.Clear();

    internal static unsafe FibLookupResult Lookup(ref FibLookupParams parameters)
    {
        if (parameters.Family != 2 || !Routes.TryGetValue(parameters.IPv4Destination, out var route))
        {
            return FibLookupResult.NotForwarded;
        }

        parameters.Ifindex = route.Ifindex;
        for (int i = 0; i < 6; i++)
        {
            parameters.SourceMac[i] = route.SourceMac[i];
            parameters.DestinationMac[i] = route.DestinationMac[i];
        }

        return FibLookupResult.Success;
    }
}
