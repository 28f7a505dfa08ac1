namespace TraitsBpf.Abi;

/// <summary>The names of the traits backends, as the manifest, the CLI's <c>--traits</c> and its output spell them.</summary>
public static class TraitsBackendNames
{
    /// <summary>The store in the XDP metadata area, handled by code inlined in the program: any kernel.</summary>
    public const string Meta = "meta";

    /// <summary>The trait kfuncs of a kernel with the packet-traits series.</summary>
    public const string Kfunc = "kfunc";

    /// <summary>The meta store at XDP, a host-wide map keyed by the sk_buff's address from the first skb hook on.</summary>
    public const string Stash = "stash";

    /// <summary>Whether <paramref name="name"/> names a backend.</summary>
    public static bool IsValid(string? name) => name is Meta or Kfunc or Stash;

    /// <summary>The name of <paramref name="backend"/>.</summary>
    public static string Of(TraitsBackend backend) => backend switch
    {
        TraitsBackend.Kfunc => Kfunc,
        TraitsBackend.Stash => Stash,
        _ => Meta,
    };

    /// <summary>The backend <paramref name="name"/> names; anything else is <see cref="TraitsBackend.Meta"/>, so check <see cref="IsValid"/> first where that matters.</summary>
    public static TraitsBackend Parse(string name) => name switch
    {
        Kfunc => TraitsBackend.Kfunc,
        Stash => TraitsBackend.Stash,
        _ => TraitsBackend.Meta,
    };
}
