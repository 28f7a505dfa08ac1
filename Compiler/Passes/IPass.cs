using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>A transformation of one function's IR.</summary>
internal interface IPass
{
    /// <summary>Transforms <paramref name="function"/>; true when anything changed.</summary>
    bool Run(IrFunction function);
}
