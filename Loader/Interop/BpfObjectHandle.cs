using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary>
/// Owns a libbpf <c>struct bpf_object *</c>. Closing it also closes every program and map
/// descriptor libbpf created for the object, which is why those descriptors are never
/// wrapped in handles of their own.
/// </summary>
internal sealed class BpfObjectHandle : SafeHandle
{
    public BpfObjectHandle(nint obj)
        : base(nint.Zero, ownsHandle: true)
    {
        SetHandle(obj);
    }

    public override bool IsInvalid => handle == nint.Zero;

    /// <summary>The raw pointer for calls into libbpf; valid while this handle is open.</summary>
    public nint Pointer => IsClosed ? throw new ObjectDisposedException(nameof(BpfObjectHandle)) : handle;

    protected override bool ReleaseHandle()
    {
        Native.bpf_object__close(handle);
        return true;
    }
}
