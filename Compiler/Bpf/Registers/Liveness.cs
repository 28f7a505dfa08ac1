using TraitsBpf.Compiler.Bpf.Machine;

namespace TraitsBpf.Compiler.Bpf.Registers;

/// <summary>Registers live on entry to and exit from each block, by the usual backward dataflow.</summary>
internal sealed class Liveness
{
    private Liveness(Dictionary<MachineBlock, HashSet<Reg>> liveIn, Dictionary<MachineBlock, HashSet<Reg>> liveOut)
    {
        LiveIn = liveIn;
        LiveOut = liveOut;
    }

    public Dictionary<MachineBlock, HashSet<Reg>> LiveIn { get; }

    public Dictionary<MachineBlock, HashSet<Reg>> LiveOut { get; }

    public static Liveness Compute(MachineFunction function)
    {
        var uses = new Dictionary<MachineBlock, HashSet<Reg>>();
        var defs = new Dictionary<MachineBlock, HashSet<Reg>>();
        foreach (var block in function.Blocks)
        {
            var use = new HashSet<Reg>();
            var def = new HashSet<Reg>();
            foreach (var instruction in block.Instructions)
            {
                foreach (var r in instruction.Uses())
                {
                    if (!def.Contains(r))
                    {
                        use.Add(r);
                    }
                }

                foreach (var r in instruction.Defs())
                {
                    def.Add(r);
                }
            }

            uses[block] = use;
            defs[block] = def;
        }

        var liveIn = function.Blocks.ToDictionary(b => b, _ => new HashSet<Reg>());
        var liveOut = function.Blocks.ToDictionary(b => b, _ => new HashSet<Reg>());
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int i = function.Blocks.Count - 1; i >= 0; i--)
            {
                var block = function.Blocks[i];
                var outSet = liveOut[block];
                foreach (var successor in block.Successors)
                {
                    foreach (var r in liveIn[successor])
                    {
                        changed |= outSet.Add(r);
                    }
                }

                var inSet = liveIn[block];
                foreach (var r in uses[block])
                {
                    changed |= inSet.Add(r);
                }

                foreach (var r in outSet)
                {
                    if (!defs[block].Contains(r))
                    {
                        changed |= inSet.Add(r);
                    }
                }
            }
        }

        return new Liveness(liveIn, liveOut);
    }
}
