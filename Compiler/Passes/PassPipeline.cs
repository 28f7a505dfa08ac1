using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>The passes every function goes through, in order, repeated until nothing changes.</summary>
internal static class PassPipeline
{
    private const int MaxRounds = 16;

    public static void Optimize(IrFunction function, bool verify = true)
    {
        IPass[] passes =
        [
            new SimplifyControlFlow(),
            new RangeCheckFolding(),
            new InstructionSimplifier(),
            new DeadCodeElimination(),
            new BranchThreading(),
            new DeadRegionElimination(),
            new LoopUnrolling(),
            new SpanBoundsCheckFolding(),
            new ContextLoadReuse(),
            new CommonSubexpressionElimination(),
            new ReturnMerging(),
            new StackSlotPromotion(),
            new DeadStackStoreElimination(),
            new PointerKindRefinement(),
            new CopyWidening(),
        ];

        if (verify)
        {
            IrVerifier.Verify(function, "construction");
        }

        for (int round = 0; round < MaxRounds; round++)
        {
            bool changed = false;
            foreach (var pass in passes)
            {
                changed |= pass.Run(function);
                if (verify)
                {
                    IrVerifier.Verify(function, pass.GetType().Name);
                }
            }

            if (!changed)
            {
                break;
            }
        }

        if (verify)
        {
            IrVerifier.VerifyDefinitionsDominateUses(function, "the pass pipeline");
        }
    }
}
