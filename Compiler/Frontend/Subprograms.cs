using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>Where a function being built gets the subprograms it calls or passes as callbacks; each is built once per program.</summary>
/// <param name="Called">A <c>[MethodImpl(NoInlining)]</c> method, called with <see cref="SubprogramConvention"/>.</param>
/// <param name="Callback">A method a helper calls back (bpf_loop, bpf_for_each_map_elem), its registers as the shape says, a <c>long</c> in r0.</param>
internal sealed record Subprograms(Func<MethodDesc, IrFunction> Called, Func<MethodDesc, CallbackShape, IrFunction> Callback);
