namespace TraitsBpf.Loader.Tests.CSharp;

/// <summary>A C# program traitsbpf must refuse to compile, with its line.</summary>
public static class BrokenPrograms
{
    [Xdp("broken_alloc")]
    public static XdpAction Allocates(XdpContext ctx)
    {
        var list = new List<int>(); // refused: class allocation
        return list.Count == 0 ? XdpAction.Pass : XdpAction.Drop;
    }
}
