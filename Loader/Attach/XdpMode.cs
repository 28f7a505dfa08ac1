namespace TraitsBpf.Loader.Attach;

/// <summary>How an XDP program runs.</summary>
public enum XdpMode
{
    /// <summary>In the driver, before an sk_buff exists (<c>XDP_FLAGS_DRV_MODE</c>); the driver must support it.</summary>
    Native,

    /// <summary>In the generic receive path, after the sk_buff is built (<c>XDP_FLAGS_SKB_MODE</c>); works on every interface.</summary>
    Generic,
}
