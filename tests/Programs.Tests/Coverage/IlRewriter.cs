using Mono.Cecil;
using Mono.Cecil.Cil;

namespace TraitsBpf.Programs.Tests.Coverage;

/// <summary>
/// Writes a copy of an assembly, under another name beside it, in which one program's method uses
/// opcode forms a C# compiler does not emit in a release build: each <c>ldobj T</c> directly
/// followed by <c>stobj T</c> becomes the one <c>cpobj T</c> with the same effect (it takes the
/// same destination and source addresses), and a <c>nop</c> starts the method. The IL-coverage test runs
/// the copy both ways, so those forms are held to managed execution like any other.
/// </summary>
internal static class IlRewriter
{
    public static string WriteWithCpobjAndNop(string assemblyPath, string typeName, string methodName, string newAssemblyName)
    {
        string output = Path.Combine(Path.GetDirectoryName(assemblyPath)!, newAssemblyName + ".dll");
        using (var module = ModuleDefinition.ReadModule(assemblyPath))
        {
            var method = module.GetType(typeName).Methods.Single(m => m.Name == methodName);
            var il = method.Body.GetILProcessor();
            int rewritten = 0;
            foreach (var load in method.Body.Instructions.ToList())
            {
                if (load.OpCode == OpCodes.Ldobj && load.Next is { } store && store.OpCode == OpCodes.Stobj
                    && ((TypeReference)store.Operand).FullName == ((TypeReference)load.Operand).FullName
                    && !method.Body.Instructions.Any(i => i.Operand == store))
                {
                    // In place, so that a branch to the load still lands on the copy.
                    load.OpCode = OpCodes.Cpobj;
                    il.Remove(store);
                    rewritten++;
                }
            }

            if (rewritten == 0)
            {
                throw new InvalidOperationException($"{typeName}.{methodName} has no ldobj followed by stobj to rewrite");
            }

            il.InsertBefore(method.Body.Instructions[0], il.Create(OpCodes.Nop));
            module.Assembly.Name.Name = newAssemblyName;
            module.Name = newAssemblyName + ".dll";
            module.Write(output);
        }

        return output;
    }
}
