namespace TraitsBpf.Abi;

/// <summary>The names of the traits backends, as the manifest, the CLI's <c>--traits</c> and its output spell them.</summary>
public static class TraitsBackendNames
{
    /// <summary>The store in the XDP metadata area, handled by code inlined in the program: any kernel.</summary>
    public const string Meta = "meta";

    /// <summary>The trait kfuncs of a kernel with the packet-traits series.</summary>
    public const string Kfunc = "kfunc";

    /// <summary>Whether <paramref name="name"/> names a backend.</summary>
    public static bool IsValid(string? name) => name is Meta or Kfunc;

    /// <summary>The name of <paramref name="backend"/>.</summary>
    public static string Of(TraitsBackend backend) => backend == TraitsBackend.Kfunc ? Kfunc : Meta;

    /// <summary>The backend <paramref name="name"/> names; anything but <see cref="Kfunc"/> is <see cref="TraitsBackend.Meta"/>, so check <see cref="IsValid"/> first where that matters.</summary>
    public static TraitsBackend Parse(string name) => name == Kfunc ? TraitsBackend.Kfunc : TraitsBackend.Meta;
}
