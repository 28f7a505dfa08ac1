using System.Buffers.Binary;

namespace TraitsBpf.Loader.Traits;

/// <summary>Writes named traits' keys into an object's .rodata key variables, before load.</summary>
public static class TraitKeyBinding
{
    /// <summary>Sets the key variable of every trait in <paramref name="manifest"/> to its key in <paramref name="keys"/>.</summary>
    /// <exception cref="LoaderException">The object lacks a key variable the manifest names, or it is not a u64 (<see cref="LoaderErrorKind.NotAnObject"/>).</exception>
    public static void Apply(BpfObject obj, TraitManifest manifest, IReadOnlyDictionary<string, int> keys)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var trait in manifest.Traits)
        {
            var variable = obj.Constants.FirstOrDefault(c => c.Name == trait.KeyVariable);
            if (variable is null || variable.Size != sizeof(ulong))
            {
                throw new LoaderException(LoaderErrorKind.NotAnObject,
                    $"object '{obj.Name}' names '{trait.KeyVariable}' as the key variable of trait '{trait.Name}', but has no 8-byte .rodata variable of that name");
            }

            var value = new byte[sizeof(ulong)];
            BinaryPrimitives.WriteUInt64LittleEndian(value, (ulong)keys[trait.Name]);
            obj.SetConstant(trait.KeyVariable, value);
        }
    }
}
