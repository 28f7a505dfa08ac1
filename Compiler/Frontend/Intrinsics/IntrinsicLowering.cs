using TraitsBpf.Compiler.Il;

namespace TraitsBpf.Compiler.Frontend.Intrinsics;

/// <summary>
/// Translates one call of an intrinsic: <paramref name="arguments"/> are the popped IL
/// arguments (<c>this</c> first for instance methods); the lowering pushes the result, if any.
/// </summary>
internal delegate void IntrinsicLowering(FunctionBuilder builder, MethodDesc method, List<StackEntry> arguments);
