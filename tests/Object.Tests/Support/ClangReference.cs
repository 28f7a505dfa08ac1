namespace TraitsBpf.Object.Tests.Support;

/// <summary>Compiles a C BPF program with clang exactly as the ground-truth command in the brief: <c>clang -O2 -g -target bpf</c>.</summary>
internal static class ClangReference
{
    public static string Compile(TempDirectory temp, string name, string source)
    {
        string sourcePath = temp.WriteFile(name + ".c", source);
        string objectPath = temp.File(name + ".clang.o");
        ExternalTool.Run("clang", "-O2", "-g", "-target", "bpf", "-I/usr/include/x86_64-linux-gnu", "-c", sourcePath, "-o", objectPath).AssertClean();
        return objectPath;
    }
}
