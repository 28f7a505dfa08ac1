using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace TraitsBpf.Compiler.Tests.Globals;

/// <summary>
/// Runs the real .NET static constructors of an assembly (in a load context of its own, with its
/// own dependencies) and gives the bytes each static field holds afterwards.
/// </summary>
internal sealed class RuntimeInitializedValues(string assemblyPath)
{
    private static readonly MethodInfo BytesOfMethod = typeof(RuntimeInitializedValues).GetMethod(nameof(BytesOf), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Assembly assembly = LoadIsolated(assemblyPath);

    /// <summary>The static, non-const, value-typed fields named <paramref name="name"/> in any type of the assembly.</summary>
    public IReadOnlyList<FieldInfo> FieldsNamed(string name) =>
        [.. Types().SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(f => f.Name == name && !f.IsLiteral && f.FieldType.IsValueType)];

    /// <summary>The field's bytes after its type's static constructor ran, in the CLR's layout.</summary>
    public static byte[] ValueOf(FieldInfo field)
    {
        RuntimeHelpers.RunClassConstructor(field.DeclaringType!.TypeHandle);
        return (byte[])BytesOfMethod.MakeGenericMethod(field.FieldType).Invoke(null, [field.GetValue(null)])!;
    }

    private static byte[] BytesOf<T>(object boxed)
        where T : struct
    {
        T value = (T)boxed;
        return MemoryMarshal.AsBytes(new ReadOnlySpan<T>(ref value)).ToArray();
    }

    private IEnumerable<Type> Types()
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }

    private static Assembly LoadIsolated(string path)
    {
        var resolver = new AssemblyDependencyResolver(path);
        var context = new AssemblyLoadContext($"initializers of {Path.GetFileName(path)}");
        context.Resolving += (c, name) => resolver.ResolveAssemblyToPath(name) is { } found ? c.LoadFromAssemblyPath(found) : null;
        return context.LoadFromAssemblyPath(path);
    }
}
