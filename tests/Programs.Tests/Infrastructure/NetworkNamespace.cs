namespace TraitsBpf.Programs.Tests.Infrastructure;

/// <summary>A throwaway network namespace with a veth pair inside it, deleted on dispose.</summary>
public sealed class NetworkNamespace : IDisposable
{
    public NetworkNamespace()
    {
        string id = Guid.NewGuid().ToString("N")[..6];
        Name = $"tbpf{id}";
        First = $"tb{id}a";
        Second = $"tb{id}b";
        Tool.RunClean("ip", "netns", "add", Name);
        Tool.RunClean("ip", "-n", Name, "link", "add", First, "type", "veth", "peer", "name", Second);
        Tool.RunClean("ip", "-n", Name, "link", "set", First, "up");
        Tool.RunClean("ip", "-n", Name, "link", "set", Second, "up");
    }

    public string Name { get; }

    public string First { get; }

    public string Second { get; }

    public ProcessResult Ip(params string[] arguments) => Tool.Run("ip", ["-n", Name, .. arguments]);

    public ProcessResult Tc(params string[] arguments) => Tool.Run("ip", ["netns", "exec", Name, "tc", .. arguments]);

    public void Dispose() => Tool.Run("ip", "netns", "del", Name);
}
