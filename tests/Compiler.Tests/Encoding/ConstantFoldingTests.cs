using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Tests.Encoding;

/// <summary>
/// Constant folding must give what the BPF instruction gives at run time, or a folded and an
/// unfolded expression would disagree.
/// </summary>
public sealed class ConstantFoldingTests
{
    [Theory]
    [InlineData("Div", 7, 0, 0)]
    [InlineData("Rem", 7, 0, 7)]
    [InlineData("Div", int.MinValue, -1, int.MinValue)]
    [InlineData("Rem", int.MinValue, -1, 0)]
    [InlineData("Rem", -7, 2, -1)]
    [InlineData("DivUn", -1, 2, int.MaxValue)]
    [InlineData("Shl", 1, 33, 2)]
    [InlineData("Shr", -16, 34, -4)]
    [InlineData("ShrUn", -16, 34, 0x3FFFFFFC)]
    [InlineData("Add", int.MaxValue, 1, int.MinValue)]
    public void FoldsThirtyTwoBitLikeTheKernel(string op, int a, int b, int expected) =>
        Assert.Equal(expected, (int)ConstantEvaluator.Evaluate(Enum.Parse<BinaryOp>(op), a, b, IrType.I32));

    [Theory]
    [InlineData("Div", long.MinValue, -1, long.MinValue)]
    [InlineData("Rem", 9, 0, 9)]
    [InlineData("Shl", 1, 65, 2)]
    [InlineData("Mul", long.MaxValue, 2, -2)]
    public void FoldsSixtyFourBitLikeTheKernel(string op, long a, long b, long expected) =>
        Assert.Equal(expected, ConstantEvaluator.Evaluate(Enum.Parse<BinaryOp>(op), a, b, IrType.I64));

    [Fact]
    public void ConversionsKeepTheLowBits()
    {
        Assert.Equal(-1, ConstantEvaluator.Evaluate(ConvertOp.SignExtend8, 0x1FF));
        Assert.Equal(0xFF, ConstantEvaluator.Evaluate(ConvertOp.ZeroExtend8, -1));
        Assert.Equal(0xFFFF_FFFFL, ConstantEvaluator.Evaluate(ConvertOp.ZeroExtend32, -1));
        Assert.Equal(-1L, ConstantEvaluator.Evaluate(ConvertOp.SignExtend32, 0xFFFF_FFFFL));
        Assert.Equal(0x3412, ConstantEvaluator.ByteSwap(16, 0x1234));
    }
}
