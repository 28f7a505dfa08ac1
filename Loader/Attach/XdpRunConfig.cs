using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// libxdp's run config of a program: where in its dispatcher the program runs. libxdp reads it from the program's
/// own BTF (for a program already loaded, from the BTF the kernel holds for it), as a variable <c>_NAME</c> in a
/// <c>.xdp_run_config</c> data section whose struct type has a member <c>priority</c> typed as a pointer to an
/// array of that many ints. traitsbpf writes it into the object's BTF before the load, because libxdp lets no
/// one change the priority of a program that is already loaded.
/// </summary>
internal static class XdpRunConfig
{
    /// <summary>The data section libxdp looks in.</summary>
    public const string Section = ".xdp_run_config";

    private const int IntEncodingSigned = 1;
    private const int VarGlobalAllocated = 1;
    private const int PointerSize = 8;

    /// <summary>Appends to <paramref name="btf"/> (an open, not yet loaded object's BTF) the run config of <paramref name="program"/> at <paramref name="priority"/>.</summary>
    /// <exception cref="LoaderException">libbpf refused a type.</exception>
    public static void Write(nint btf, string program, uint priority)
    {
        var intType = Check(Native.btf__add_int(btf, "int", 4, IntEncodingSigned), program);
        var array = Check(Native.btf__add_array(btf, intType, intType, priority), program);
        var pointer = Check(Native.btf__add_ptr(btf, array), program);
        var config = Check(Native.btf__add_struct(btf, "", PointerSize), program);
        Check(Native.btf__add_field(btf, "priority", pointer, 0, 0), program);
        var variable = Check(Native.btf__add_var(btf, "_" + program, VarGlobalAllocated, config), program);
        Check(Native.btf__add_datasec(btf, Section, PointerSize), program);
        Check(Native.btf__add_datasec_var_info(btf, variable, 0, PointerSize), program);
    }

    private static int Check(int rc, string program) => rc >= 0 ? rc
        : throw new LoaderException(LoaderErrorKind.Failed, $"libbpf cannot add libxdp's run config of program '{program}' to its BTF: {Errno.Describe(rc)}") { Errno = -rc };
}
