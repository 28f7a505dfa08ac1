using TraitsBpf.Compiler.Bpf.Machine;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Bpf.Registers;

/// <summary>
/// Graph-colouring register allocation with iterated coalescing (George and Appel, "Iterated
/// Register Coalescing", TOPLAS 1996) onto r0–r9. Calls define r0–r5, so values live across a
/// call interfere with them and land in r6–r9; argument and result moves to r1–r5 and r0 are
/// coalesced where possible. Values that cannot be coloured are spilled to 8-byte stack slots
/// (8 bytes so the verifier keeps pointer types across the spill) and allocation starts over.
/// </summary>
internal sealed class RegisterAllocator
{
    private const int K = Reg.Allocatable;
    private const int MaxRounds = 32;

    private readonly MachineFunction function;
    private readonly HashSet<Reg> spillTemporaries = [];
    private readonly HashSet<StackSlot> spillSlots = [];

    private readonly HashSet<(Reg, Reg)> adjacency = [];
    private readonly Dictionary<Reg, HashSet<Reg>> adjacencyList = [];
    private readonly Dictionary<Reg, int> degree = [];
    private readonly Dictionary<Reg, HashSet<MachineInstruction>> moveList = [];
    private readonly Dictionary<Reg, Reg> alias = [];
    private readonly Dictionary<Reg, int> color = [];
    private readonly Dictionary<Reg, int> occurrences = [];
    private int touchWeight = 1;

    private readonly HashSet<Reg> initial = [];
    private readonly HashSet<Reg> simplifyWorklist = [];
    private readonly HashSet<Reg> freezeWorklist = [];
    private readonly HashSet<Reg> spillWorklist = [];
    private readonly HashSet<Reg> spilledNodes = [];
    private readonly HashSet<Reg> coalescedNodes = [];
    private readonly HashSet<Reg> coloredNodes = [];
    private readonly Stack<Reg> selectStack = new();
    private readonly HashSet<Reg> onSelectStack = [];

    private readonly HashSet<MachineInstruction> worklistMoves = [];
    private readonly HashSet<MachineInstruction> activeMoves = [];
    private readonly HashSet<MachineInstruction> coalescedMoves = [];
    private readonly HashSet<MachineInstruction> constrainedMoves = [];
    private readonly HashSet<MachineInstruction> frozenMoves = [];

    // Spill rewriting adds instructions, never blocks or edges, so the nesting holds for every round.
    private readonly Dictionary<MachineBlock, int> loopDepth;

    private RegisterAllocator(MachineFunction function)
    {
        this.function = function;
        loopDepth = LoopNesting.Depths(function);
    }

    /// <summary>Rewrites every virtual register of <paramref name="function"/> to r0–r9, spilling as needed.</summary>
    public static void Allocate(MachineFunction function)
    {
        var allocator = new RegisterAllocator(function);
        for (int round = 0; ; round++)
        {
            if (round == MaxRounds)
            {
                throw new InvalidOperationException($"internal compiler error: register allocation of {function.Name} did not converge");
            }

            allocator.Reset();
            allocator.Build();
            allocator.MakeWorklist();
            while (allocator.simplifyWorklist.Count + allocator.worklistMoves.Count + allocator.freezeWorklist.Count + allocator.spillWorklist.Count > 0)
            {
                if (allocator.simplifyWorklist.Count > 0)
                {
                    allocator.Simplify();
                }
                else if (allocator.worklistMoves.Count > 0)
                {
                    allocator.Coalesce();
                }
                else if (allocator.freezeWorklist.Count > 0)
                {
                    allocator.Freeze();
                }
                else
                {
                    allocator.SelectSpill();
                }
            }

            allocator.AssignColors();
            if (allocator.spilledNodes.Count == 0)
            {
                allocator.Rewrite();
                SpillSlotSharing.Share(function, allocator.spillSlots);
                SpillCodeCleanup.Run(function, allocator.spillSlots);
                return;
            }

            allocator.RewriteSpills();
        }
    }

    private void Reset()
    {
        adjacency.Clear();
        adjacencyList.Clear();
        degree.Clear();
        moveList.Clear();
        alias.Clear();
        color.Clear();
        occurrences.Clear();
        initial.Clear();
        simplifyWorklist.Clear();
        freezeWorklist.Clear();
        spillWorklist.Clear();
        spilledNodes.Clear();
        coalescedNodes.Clear();
        coloredNodes.Clear();
        selectStack.Clear();
        onSelectStack.Clear();
        worklistMoves.Clear();
        activeMoves.Clear();
        coalescedMoves.Clear();
        constrainedMoves.Clear();
        frozenMoves.Clear();
        for (int r = 0; r < K; r++)
        {
            color[Reg.Physical(r)] = r;
        }
    }

    private static bool IsPrecolored(Reg r) => r.IsPhysical;

    private void Build()
    {
        var liveness = Liveness.Compute(function);
        foreach (var block in function.Blocks)
        {
            touchWeight = LoopWeight(loopDepth[block]);
            var live = new HashSet<Reg>(liveness.LiveOut[block]);
            for (int i = block.Instructions.Count - 1; i >= 0; i--)
            {
                var instruction = block.Instructions[i];
                var defs = instruction.Defs().ToList();
                var uses = instruction.Uses().ToList();
                foreach (var r in defs.Concat(uses))
                {
                    Touch(r);
                }

                if (instruction.IsCopy && instruction.Src != Reg.R10)
                {
                    foreach (var u in uses)
                    {
                        live.Remove(u);
                    }

                    foreach (var n in defs.Concat(uses))
                    {
                        MovesOf(n).Add(instruction);
                    }

                    worklistMoves.Add(instruction);
                }

                foreach (var d in defs)
                {
                    live.Add(d);
                }

                foreach (var d in defs)
                {
                    foreach (var l in live)
                    {
                        AddEdge(l, d);
                    }
                }

                // SetCond writes its destination before it compares, so the operands must not share it.
                if (instruction.Op == MachineOp.SetCond)
                {
                    foreach (var u in uses)
                    {
                        AddEdge(instruction.Dst, u);
                    }
                }

                foreach (var d in defs)
                {
                    live.Remove(d);
                }

                foreach (var u in uses)
                {
                    live.Add(u);
                }
            }
        }
    }

    // A use inside a loop counts as if it ran ten times per level of nesting, as is usual in spill-cost estimates.
    private static int LoopWeight(int depth) => depth switch { 0 => 1, 1 => 10, 2 => 100, _ => 1000 };

    private void Touch(Reg r)
    {
        if (r == Reg.R10)
        {
            return;
        }

        occurrences[r] = occurrences.GetValueOrDefault(r) + touchWeight;
        if (r.IsVirtual)
        {
            initial.Add(r);
        }
    }

    private HashSet<MachineInstruction> MovesOf(Reg r)
    {
        if (!moveList.TryGetValue(r, out var set))
        {
            set = [];
            moveList[r] = set;
        }

        return set;
    }

    private HashSet<Reg> Adjacent(Reg r)
    {
        if (!adjacencyList.TryGetValue(r, out var set))
        {
            set = [];
            adjacencyList[r] = set;
        }

        return set;
    }

    private void AddEdge(Reg u, Reg v)
    {
        if (u == v || u == Reg.R10 || v == Reg.R10 || adjacency.Contains((u, v)))
        {
            return;
        }

        adjacency.Add((u, v));
        adjacency.Add((v, u));
        if (!IsPrecolored(u))
        {
            Adjacent(u).Add(v);
            degree[u] = degree.GetValueOrDefault(u) + 1;
        }

        if (!IsPrecolored(v))
        {
            Adjacent(v).Add(u);
            degree[v] = degree.GetValueOrDefault(v) + 1;
        }
    }

    private int Degree(Reg r) => IsPrecolored(r) ? int.MaxValue / 2 : degree.GetValueOrDefault(r);

    private void MakeWorklist()
    {
        foreach (var n in initial)
        {
            if (Degree(n) >= K)
            {
                spillWorklist.Add(n);
            }
            else if (MoveRelated(n))
            {
                freezeWorklist.Add(n);
            }
            else
            {
                simplifyWorklist.Add(n);
            }
        }

        initial.Clear();
    }

    private IEnumerable<Reg> Neighbours(Reg n) =>
        Adjacent(n).Where(m => !onSelectStack.Contains(m) && !coalescedNodes.Contains(m));

    private IEnumerable<MachineInstruction> NodeMoves(Reg n) =>
        moveList.TryGetValue(n, out var moves) ? moves.Where(m => activeMoves.Contains(m) || worklistMoves.Contains(m)) : [];

    private bool MoveRelated(Reg n) => NodeMoves(n).Any();

    private void Simplify()
    {
        var n = simplifyWorklist.First();
        simplifyWorklist.Remove(n);
        selectStack.Push(n);
        onSelectStack.Add(n);
        foreach (var m in Neighbours(n).ToList())
        {
            DecrementDegree(m);
        }
    }

    private void DecrementDegree(Reg m)
    {
        if (IsPrecolored(m))
        {
            return;
        }

        int d = degree[m];
        degree[m] = d - 1;
        if (d == K)
        {
            EnableMoves(Neighbours(m).Append(m).ToList());
            spillWorklist.Remove(m);
            if (MoveRelated(m))
            {
                freezeWorklist.Add(m);
            }
            else
            {
                simplifyWorklist.Add(m);
            }
        }
    }

    private void EnableMoves(IEnumerable<Reg> nodes)
    {
        foreach (var n in nodes)
        {
            foreach (var m in NodeMoves(n).ToList())
            {
                if (activeMoves.Remove(m))
                {
                    worklistMoves.Add(m);
                }
            }
        }
    }

    private void Coalesce()
    {
        var move = worklistMoves.First();
        worklistMoves.Remove(move);
        var x = GetAlias(move.Dst);
        var y = GetAlias(move.Src);
        var (u, v) = IsPrecolored(y) ? (y, x) : (x, y);
        if (u == v)
        {
            coalescedMoves.Add(move);
            AddWorkList(u);
        }
        else if (IsPrecolored(v) || adjacency.Contains((u, v)))
        {
            constrainedMoves.Add(move);
            AddWorkList(u);
            AddWorkList(v);
        }
        else if ((IsPrecolored(u) && Adjacent(v).Where(t => !onSelectStack.Contains(t) && !coalescedNodes.Contains(t)).All(t => Ok(t, u)))
                 || (!IsPrecolored(u) && Conservative(Neighbours(u).Concat(Neighbours(v)).ToHashSet())))
        {
            coalescedMoves.Add(move);
            Combine(u, v);
            AddWorkList(u);
        }
        else
        {
            activeMoves.Add(move);
        }
    }

    private void AddWorkList(Reg u)
    {
        if (!IsPrecolored(u) && !MoveRelated(u) && Degree(u) < K)
        {
            freezeWorklist.Remove(u);
            simplifyWorklist.Add(u);
        }
    }

    private bool Ok(Reg t, Reg r) => Degree(t) < K || IsPrecolored(t) || adjacency.Contains((t, r));

    private bool Conservative(HashSet<Reg> nodes) => nodes.Count(n => Degree(n) >= K) < K;

    private Reg GetAlias(Reg n) => coalescedNodes.Contains(n) ? GetAlias(alias[n]) : n;

    private void Combine(Reg u, Reg v)
    {
        if (!freezeWorklist.Remove(v))
        {
            spillWorklist.Remove(v);
        }

        coalescedNodes.Add(v);
        alias[v] = u;
        MovesOf(u).UnionWith(MovesOf(v));
        EnableMoves([v]);
        foreach (var t in Neighbours(v).ToList())
        {
            AddEdge(t, u);
            DecrementDegree(t);
        }

        if (Degree(u) >= K && freezeWorklist.Remove(u))
        {
            spillWorklist.Add(u);
        }
    }

    private void Freeze()
    {
        var u = freezeWorklist.First();
        freezeWorklist.Remove(u);
        simplifyWorklist.Add(u);
        FreezeMoves(u);
    }

    private void FreezeMoves(Reg u)
    {
        foreach (var m in NodeMoves(u).ToList())
        {
            var x = m.Dst;
            var y = m.Src;
            var v = GetAlias(y) == GetAlias(u) ? GetAlias(x) : GetAlias(y);
            activeMoves.Remove(m);
            frozenMoves.Add(m);
            if (!IsPrecolored(v) && !NodeMoves(v).Any() && Degree(v) < K)
            {
                freezeWorklist.Remove(v);
                simplifyWorklist.Add(v);
            }
        }
    }

    private void SelectSpill()
    {
        // Cheapest to spill: few (loop-weighted) occurrences, many neighbours; never a spill temporary.
        var m = spillWorklist
            .OrderBy(r => spillTemporaries.Contains(r) ? double.MaxValue : (double)occurrences.GetValueOrDefault(r) / Math.Max(1, Degree(r)))
            .First();
        spillWorklist.Remove(m);
        simplifyWorklist.Add(m);
        FreezeMoves(m);
    }

    private void AssignColors()
    {
        while (selectStack.Count > 0)
        {
            var n = selectStack.Pop();
            onSelectStack.Remove(n);
            var okColors = new HashSet<int>(Enumerable.Range(0, K));
            foreach (var w in Adjacent(n))
            {
                var a = GetAlias(w);
                if (coloredNodes.Contains(a) || IsPrecolored(a))
                {
                    okColors.Remove(color[a]);
                }
            }

            if (okColors.Count == 0)
            {
                spilledNodes.Add(n);
            }
            else
            {
                coloredNodes.Add(n);
                color[n] = okColors.Min();
            }
        }

        foreach (var n in coalescedNodes)
        {
            color[n] = color.GetValueOrDefault(GetAlias(n), -1);
        }
    }

    private void Rewrite()
    {
        foreach (var block in function.Blocks)
        {
            foreach (var instruction in block.Instructions)
            {
                instruction.Rename(r => r.IsVirtual ? Reg.Physical(color[r]) : r);
            }

            block.Instructions.RemoveAll(i => i.IsCopy && i.Dst == i.Src);
        }
    }

    private void RewriteSpills()
    {
        foreach (var spilled in spilledNodes)
        {
            var definitions = function.Blocks.SelectMany(b => b.Instructions).Where(i => i.Defs().Contains(spilled)).ToList();
            if (definitions is [{ Op: MachineOp.FrameAddress or MachineOp.LoadImm64 } constant])
            {
                Rematerialize(spilled, constant);
                continue;
            }

            var slot = new StackSlot(8, 8, $"spill.{spilled}");
            function.Slots.Add(slot);
            spillSlots.Add(slot);
            foreach (var block in function.Blocks)
            {
                for (int i = 0; i < block.Instructions.Count; i++)
                {
                    var instruction = block.Instructions[i];
                    bool used = instruction.Uses().Contains(spilled);
                    bool defined = instruction.Defs().Contains(spilled);
                    if (!used && !defined)
                    {
                        continue;
                    }

                    var temporary = function.NewVirtual();
                    spillTemporaries.Add(temporary);
                    instruction.Rename(r => r == spilled ? temporary : r);
                    if (used)
                    {
                        block.Instructions.Insert(i, new MachineInstruction(MachineOp.Load)
                        {
                            Dst = temporary, Base = Reg.R10, Slot = slot, Size = 8, Location = instruction.Location,
                        });
                        i++;
                    }

                    if (defined)
                    {
                        block.Instructions.Insert(i + 1, new MachineInstruction(MachineOp.Store)
                        {
                            Src = temporary, Base = Reg.R10, Slot = slot, Size = 8, Location = instruction.Location,
                        });
                        i++;
                    }
                }
            }
        }
    }

    /// <summary>
    /// A spilled value that is a constant of the function (a stack address, r10 plus a constant;
    /// a map or global address or a 64-bit constant, one ld_imm64) is computed again where it
    /// is used rather than kept in a spill slot: that costs no stack, which address-heavy struct
    /// code would otherwise spend on copies of r10 and of map pointers.
    /// </summary>
    private void Rematerialize(Reg spilled, MachineInstruction definition)
    {
        foreach (var block in function.Blocks)
        {
            block.Instructions.Remove(definition);
            for (int i = 0; i < block.Instructions.Count; i++)
            {
                var instruction = block.Instructions[i];
                if (!instruction.Uses().Contains(spilled))
                {
                    continue;
                }

                var temporary = function.NewVirtual();
                spillTemporaries.Add(temporary);
                instruction.Rename(r => r == spilled ? temporary : r);
                block.Instructions.Insert(i, new MachineInstruction(definition.Op)
                {
                    Is64 = true, Dst = temporary, Slot = definition.Slot, Offset = definition.Offset, HasImm = definition.HasImm, Imm = definition.Imm,
                    Symbol = definition.Symbol, SymbolKind = definition.SymbolKind, Location = instruction.Location,
                });
                i++;
            }
        }
    }
}
