namespace TraitsBpf.Traits.Tests.Infrastructure;

/// <summary>A veth pair in this network namespace (traitsbpf load attaches here), deleted on dispose.</summary>
public sealed class RootVeth : IDisposable
{
    public RootVeth()
    {
        Name = $"tbt{Guid.NewGuid().ToString("N")[..8]}";
        Command.Run("ip", "link", "add", Name, "type", "veth", "peer", "name", Name + "p").EnsureSuccess();
        Command.Run("ip", "link", "set", Name, "up").EnsureSuccess();
        Command.Run("ip", "link", "set", Name + "p", "up").EnsureSuccess();
    }

    /// <summary>The end programs are attached to.</summary>
    public string Name { get; }

    public void Dispose() => Command.Run("ip", "link", "del", Name);
}
