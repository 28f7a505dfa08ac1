namespace TraitsBpf.Loader.Tests.CSharp;

/// <summary>A length limit in a read-only section of its own (<c>.rodata.limits</c>), for <c>traitsbpf load --set</c>.</summary>
public static class DataSectionPrograms
{
    /// <summary>Packets longer than this are dropped; <c>--set MaxLength=N</c> changes it before load.</summary>
    [DataSection("limits")]
    public static readonly uint MaxLength = 100;

    /// <summary>Drops packets longer than <see cref="MaxLength"/>.</summary>
    [Xdp("ds_limit")]
    public static unsafe XdpAction Limit(XdpContext ctx) => (uint)(ctx.DataEnd - ctx.Data) > MaxLength ? XdpAction.Drop : XdpAction.Pass;
}
