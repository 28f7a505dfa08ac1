namespace TraitsBpf;

/// <summary>
/// Declares a kernel function (kfunc) a program calls. Put it on a <c>static extern</c> method
/// whose C# signature mirrors the kernel's: the object carries the kfunc as clang does (an extern
/// FUNC in the <c>.ksyms</c> datasec and a call relocation), and libbpf resolves it against the
/// kernel's BTF at load. Parameters map to C as follows: an <see cref="XdpContext"/>,
/// <see cref="TcContext"/> or <see cref="SocketContext"/> passes the program's context; integers,
/// <c>bool</c> and enums pass by value; a pointer, <c>ref</c>, <c>in</c> or <c>out</c> to an
/// unmanaged type passes its address (<see cref="Dynptr"/> for <c>struct bpf_dynptr</c>); at most
/// five parameters, as for helpers. The result is a number, a pointer or nothing.
/// </summary>
/// <remarks>
/// A kfunc runs only in the kernel. Run as managed code, an extern method throws; give the method
/// a body instead to have managed execution run that body while the compiled program calls the
/// kfunc (the SDK's typed wrappers, such as <see cref="XdpContext.RxHash"/>, do this).
/// </remarks>
/// <param name="name">The kernel's name for the function; the method's own name when omitted.</param>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class KfuncAttribute(string? name = null) : Attribute
{
    /// <summary>The kernel's name for the function, or null for the method's name.</summary>
    public string? Name { get; } = name;
}
