using TraitsBpf.Compiler.Il;

namespace TraitsBpf.Compiler.Frontend.Intrinsics;

/// <summary>
/// One row of <see cref="IntrinsicTable"/>: how to lower a method and, for BCL methods that
/// are lowered only for some operand types (Math on integers), when the row applies. A call the
/// row does not apply to is an ordinary call, refused or compiled as any other.
/// </summary>
internal sealed record IntrinsicEntry(IntrinsicLowering Lower, Func<MethodDesc, IReadOnlyList<StackEntry>, bool>? AppliesTo = null);
