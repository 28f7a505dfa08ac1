namespace TraitsBpf.Traits.Tests.Infrastructure;

/// <summary>A pin root of its own on the BPF filesystem, so a test's registry never touches the host's; removed on dispose.</summary>
public sealed class ScratchPinRoot : IDisposable
{
    public ScratchPinRoot()
    {
        Path = $"/sys/fs/bpf/tbpf-traits-test-{Guid.NewGuid():N}";
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
