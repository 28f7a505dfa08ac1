using System.Runtime.CompilerServices;

namespace TraitsBpf.Loader.Skeleton;

/// <summary>
/// A global of an object (a C# program's static field in .data, .bss or .rodata) as a C# value: before load the
/// value it is loaded with, after load the live value the programs see (see <see cref="BpfObject.WriteVariable"/>).
/// </summary>
/// <typeparam name="T">The variable's type, exactly its size.</typeparam>
public sealed class GlobalVariable<T>
    where T : unmanaged
{
    private readonly BpfObject _owner;

    /// <summary>The variable <paramref name="name"/> of <paramref name="owner"/>.</summary>
    /// <exception cref="LoaderException">There is no such variable.</exception>
    /// <exception cref="ArgumentException">Its size is not <typeparamref name="T"/>'s.</exception>
    public GlobalVariable(BpfObject owner, string name)
    {
        ArgumentNullException.ThrowIfNull(owner);
        _owner = owner;
        var variable = owner.Variables.FirstOrDefault(v => v.Name == name)
            ?? throw new LoaderException(LoaderErrorKind.MapNotFound, $"object '{owner.Name}' has no global variable named '{name}'");
        if (variable.Size != Unsafe.SizeOf<T>())
            throw new ArgumentException($"variable '{name}' is {variable.Size} bytes, but {typeof(T).FullName} is {Unsafe.SizeOf<T>()} bytes", nameof(name));
        Variable = variable;
    }

    /// <summary>Where the variable lives in the object.</summary>
    public DataSectionVariable Variable { get; }

    /// <summary>
    /// The value: settable before load in any section, after load only in .data and .bss (the kernel freezes
    /// .rodata, so a write then throws <see cref="InvalidOperationException"/>).
    /// </summary>
    public T Value
    {
        get
        {
            T value = default;
            _owner.ReadVariable(Variable.Name, TypedElements.Bytes(ref value));
            return value;
        }
        set => _owner.WriteVariable(Variable.Name, TypedElements.Bytes(ref value));
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Variable.Name} ({Variable.Section}, {typeof(T).Name})";
}
