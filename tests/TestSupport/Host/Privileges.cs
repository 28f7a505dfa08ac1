namespace TraitsBpf.TestSupport.Host;

/// <summary>Host-kernel tests need root; they fail with a clear message instead of skipping.</summary>
public static class Privileges
{
    public static void RequireRoot()
    {
        if (Environment.UserName != "root" && Run.Command("id", "-u").Stdout.Trim() != "0")
            throw new InvalidOperationException("this host-kernel test needs root (CAP_BPF, CAP_NET_ADMIN); run the tests as root");
    }
}
