using TraitsBpf.Object;
using TraitsBpf.Object.Reading;

namespace TraitsBpf.Loader.Loading;

/// <summary>Reads an object for the loader's own checks, with the one sentence a malformed object gets.</summary>
internal static class ObjectFiles
{
    /// <exception cref="LoaderException"><see cref="LoaderErrorKind.NotAnObject"/> when the bytes break the ELF or BTF format.</exception>
    public static ObjectFile Read(ReadOnlyMemory<byte> elf) => Guard(() => ObjectReader.Read(elf));

    /// <summary>An object's .BTF section on its own (<paramref name="what"/> names it in the sentence).</summary>
    /// <exception cref="LoaderException"><see cref="LoaderErrorKind.NotAnObject"/> when the bytes break the BTF format.</exception>
    public static BtfFile ReadBtf(ReadOnlyMemory<byte> btf, string what) => Guard(() => BtfFile.Read(btf, what));

    private static T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ObjectFormatException e)
        {
            throw new LoaderException(LoaderErrorKind.NotAnObject, $"the object is malformed: {e.Message.TrimEnd('.')}");
        }
    }
}
