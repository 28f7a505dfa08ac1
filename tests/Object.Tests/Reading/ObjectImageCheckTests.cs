using TraitsBpf.Object.Tests.Scenarios;

namespace TraitsBpf.Object.Tests.Reading;

/// <summary>The check a loader runs before libbpf parses bytes: one sentence naming the input as the user gave it.</summary>
public sealed class ObjectImageCheckTests
{
    [Fact]
    public void AWrittenObjectPasses() => ObjectImageCheck.Validate(ObjectWriter.Write(MapScenario.Model()), "'maps.o'");

    [Fact]
    public void AnAssemblyIsNamedAsAPeFile()
    {
        var error = Assert.Throws<ObjectFormatException>(() => ObjectImageCheck.Validate("MZ\x90\0"u8, "'app.dll'"));

        Assert.Equal("'app.dll' is not a BPF ELF object (it is a PE file, such as a .NET assembly)", error.Message);
    }

    [Fact]
    public void BrokenBtfIsNamedWithTheSubject()
    {
        byte[] image = ObjectWriter.Write(MapScenario.Model());
        int btf = FindMagic(image);
        image[btf] ^= 0xff;

        var error = Assert.Throws<ObjectFormatException>(() => ObjectImageCheck.Validate(image, "object 'maps'"));

        Assert.StartsWith("object 'maps' has malformed BTF: ", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The .BTF section's start: the first BTF magic (0xeB9F, little-endian) in the file.</summary>
    private static int FindMagic(byte[] image) => image.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x9f, 0xeb, 0x01]);
}
