using Mono.Cecil;
using Mono.Cecil.Cil;
using TraitsBpf.Compiler.Diagnostics;

namespace TraitsBpf.Compiler.Il;

/// <summary>
/// Decodes a Cecil method body into normalized <see cref="IlInstruction"/>s: short and long
/// forms folded, numbered forms turned into operands, prefixes folded into the next
/// instruction, branch targets as instruction indexes, each instruction with its source line.
/// </summary>
internal static class MethodBodyDecoder
{
    private const int HiddenLine = 0xFEEFEE;

    public static IlMethodBody Decode(MethodDefinition definition, MethodDesc method, GenericContext context, TypeSystem types)
    {
        var body = definition.Body;
        var raw = body.Instructions;
        var indexOfOffset = new Dictionary<int, int>();
        var kept = new List<Instruction>();
        foreach (var instruction in raw)
        {
            indexOfOffset[instruction.Offset] = kept.Count;
            if (instruction.OpCode.OpCodeType != OpCodeType.Prefix)
            {
                kept.Add(instruction);
            }
        }

        var points = definition.DebugInformation.HasSequencePoints
            ? definition.DebugInformation.SequencePoints.Where(p => p.StartLine != HiddenLine).OrderBy(p => p.Offset).ToList()
            : [];

        var result = new List<IlInstruction>(kept.Count);
        TypeDesc? constrained = null;
        int pointIndex = -1;
        SourceLocation? location = null;
        foreach (var instruction in raw)
        {
            while (pointIndex + 1 < points.Count && points[pointIndex + 1].Offset <= instruction.Offset)
            {
                pointIndex++;
                var p = points[pointIndex];
                location = new SourceLocation(p.Document.Url, p.StartLine, p.StartColumn);
            }

            if (instruction.OpCode.OpCodeType == OpCodeType.Prefix)
            {
                if (instruction.OpCode.Code == Code.Constrained)
                {
                    constrained = types.Resolve((TypeReference)instruction.Operand, context);
                }

                continue;
            }

            try
            {
                result.Add(DecodeOne(instruction, result.Count, constrained, location, indexOfOffset, context, types));
            }
            catch (CompileException e) when (e.Location is null)
            {
                throw new CompileException(e.Message, location, method.FullName);
            }

            constrained = null;
        }

        DelegateCacheIdiom.Rewrite(result);
        var localNames = new string?[body.Variables.Count];
        if (definition.DebugInformation.Scope is { } scope)
        {
            CollectLocalNames(scope, localNames);
        }

        return new IlMethodBody
        {
            Instructions = result,
            Locals = body.Variables.Select(v => types.Resolve(v.VariableType, context)).ToList(),
            LocalNames = localNames,
            FirstProtectedInstruction = body.HasExceptionHandlers ? body.ExceptionHandlers.Min(h => indexOfOffset[h.TryStart.Offset]) : null,
        };
    }

    private static void CollectLocalNames(ScopeDebugInformation scope, string?[] names)
    {
        foreach (var variable in scope.Variables)
        {
            if (variable.Index < names.Length)
            {
                names[variable.Index] = variable.Name;
            }
        }

        foreach (var inner in scope.Scopes)
        {
            CollectLocalNames(inner, names);
        }
    }

    private static IlInstruction DecodeOne(
        Instruction instruction,
        int index,
        TypeDesc? constrained,
        SourceLocation? location,
        Dictionary<int, int> indexOfOffset,
        GenericContext context,
        TypeSystem types)
    {
        var code = instruction.OpCode.Code;
        var (op, intOperand, kind) = Normalize(code, instruction.Operand);
        int target = instruction.Operand is Instruction t ? indexOfOffset[t.Offset] : -1;
        IReadOnlyList<int> targets = instruction.Operand is Instruction[] ts ? ts.Select(x => indexOfOffset[x.Offset]).ToList() : [];
        TypeDesc? type = null;
        FieldDesc? field = null;
        MethodDesc? method = null;
        switch (instruction.Operand)
        {
            case TypeReference tr:
                type = types.Resolve(tr, context);
                break;
            case FieldReference fr:
                field = types.ResolveField(fr, context);
                break;
            case MethodReference mr:
                method = types.ResolveMethod(mr, context);
                break;
        }

        string name = instruction.OpCode.Name;
        return new IlInstruction
        {
            Op = op,
            Index = index,
            Offset = instruction.Offset,
            Mnemonic = name,
            Int = intOperand,
            Float = instruction.Operand switch { float f => f, double d => d, _ => 0 },
            Target = target,
            Targets = targets,
            Type = type,
            Field = field,
            Method = method,
            String = instruction.Operand as string,
            Kind = kind,
            Overflow = IsOverflowForm(name),
            Unsigned = name.EndsWith(".un", StringComparison.Ordinal) || name.Contains(".un.", StringComparison.Ordinal),
            Constrained = constrained,
            Location = location,
        };
    }

    /// <summary>Whether the mnemonic is a checked form (<c>add.ovf</c>, <c>conv.ovf.u1.un</c>).</summary>
    internal static bool IsOverflowForm(string mnemonic) => mnemonic.Contains(".ovf", StringComparison.Ordinal);

    /// <summary>The normalized form of <paramref name="code"/>, or null for a code the decoder does not know.</summary>
    internal static IlForm? TryNormalize(Code code)
    {
        try
        {
            var (op, _, kind) = Normalize(code, null);
            return new IlForm(op, kind, false);
        }
        catch (CompileException)
        {
            return null;
        }
    }

    private static (IlOpcode Op, long Int, IlValueKind Kind) Normalize(Code code, object? operand)
    {
        long Number() => operand switch
        {
            ParameterDefinition p => p.Sequence,
            VariableDefinition v => v.Index,
            sbyte s => s,
            byte b => b,
            int i => i,
            long l => l,
            _ => 0,
        };

        return code switch
        {
            Code.Nop => (IlOpcode.Nop, 0, default),
            Code.Break => (IlOpcode.Break, 0, default),
            Code.Ldarg_0 => (IlOpcode.Ldarg, 0, default),
            Code.Ldarg_1 => (IlOpcode.Ldarg, 1, default),
            Code.Ldarg_2 => (IlOpcode.Ldarg, 2, default),
            Code.Ldarg_3 => (IlOpcode.Ldarg, 3, default),
            Code.Ldarg or Code.Ldarg_S => (IlOpcode.Ldarg, Number(), default),
            Code.Ldarga or Code.Ldarga_S => (IlOpcode.Ldarga, Number(), default),
            Code.Starg or Code.Starg_S => (IlOpcode.Starg, Number(), default),
            Code.Ldloc_0 => (IlOpcode.Ldloc, 0, default),
            Code.Ldloc_1 => (IlOpcode.Ldloc, 1, default),
            Code.Ldloc_2 => (IlOpcode.Ldloc, 2, default),
            Code.Ldloc_3 => (IlOpcode.Ldloc, 3, default),
            Code.Ldloc or Code.Ldloc_S => (IlOpcode.Ldloc, Number(), default),
            Code.Ldloca or Code.Ldloca_S => (IlOpcode.Ldloca, Number(), default),
            Code.Stloc_0 => (IlOpcode.Stloc, 0, default),
            Code.Stloc_1 => (IlOpcode.Stloc, 1, default),
            Code.Stloc_2 => (IlOpcode.Stloc, 2, default),
            Code.Stloc_3 => (IlOpcode.Stloc, 3, default),
            Code.Stloc or Code.Stloc_S => (IlOpcode.Stloc, Number(), default),
            Code.Ldnull => (IlOpcode.Ldnull, 0, default),
            Code.Ldc_I4_M1 => (IlOpcode.LdcI4, -1, default),
            Code.Ldc_I4_0 => (IlOpcode.LdcI4, 0, default),
            Code.Ldc_I4_1 => (IlOpcode.LdcI4, 1, default),
            Code.Ldc_I4_2 => (IlOpcode.LdcI4, 2, default),
            Code.Ldc_I4_3 => (IlOpcode.LdcI4, 3, default),
            Code.Ldc_I4_4 => (IlOpcode.LdcI4, 4, default),
            Code.Ldc_I4_5 => (IlOpcode.LdcI4, 5, default),
            Code.Ldc_I4_6 => (IlOpcode.LdcI4, 6, default),
            Code.Ldc_I4_7 => (IlOpcode.LdcI4, 7, default),
            Code.Ldc_I4_8 => (IlOpcode.LdcI4, 8, default),
            Code.Ldc_I4 or Code.Ldc_I4_S => (IlOpcode.LdcI4, Number(), default),
            Code.Ldc_I8 => (IlOpcode.LdcI8, Number(), default),
            Code.Ldc_R4 => (IlOpcode.LdcR4, 0, default),
            Code.Ldc_R8 => (IlOpcode.LdcR8, 0, default),
            Code.Dup => (IlOpcode.Dup, 0, default),
            Code.Pop => (IlOpcode.Pop, 0, default),
            Code.Jmp => (IlOpcode.Jmp, 0, default),
            Code.Call => (IlOpcode.Call, 0, default),
            Code.Calli => (IlOpcode.Calli, 0, default),
            Code.Callvirt => (IlOpcode.Callvirt, 0, default),
            Code.Ret => (IlOpcode.Ret, 0, default),
            Code.Br or Code.Br_S => (IlOpcode.Br, 0, default),
            Code.Brfalse or Code.Brfalse_S => (IlOpcode.Brfalse, 0, default),
            Code.Brtrue or Code.Brtrue_S => (IlOpcode.Brtrue, 0, default),
            Code.Beq or Code.Beq_S => (IlOpcode.Beq, 0, default),
            Code.Bge or Code.Bge_S => (IlOpcode.Bge, 0, default),
            Code.Bgt or Code.Bgt_S => (IlOpcode.Bgt, 0, default),
            Code.Ble or Code.Ble_S => (IlOpcode.Ble, 0, default),
            Code.Blt or Code.Blt_S => (IlOpcode.Blt, 0, default),
            Code.Bne_Un or Code.Bne_Un_S => (IlOpcode.BneUn, 0, default),
            Code.Bge_Un or Code.Bge_Un_S => (IlOpcode.BgeUn, 0, default),
            Code.Bgt_Un or Code.Bgt_Un_S => (IlOpcode.BgtUn, 0, default),
            Code.Ble_Un or Code.Ble_Un_S => (IlOpcode.BleUn, 0, default),
            Code.Blt_Un or Code.Blt_Un_S => (IlOpcode.BltUn, 0, default),
            Code.Switch => (IlOpcode.Switch, 0, default),
            Code.Ldind_I1 => (IlOpcode.Ldind, 0, IlValueKind.I1),
            Code.Ldind_U1 => (IlOpcode.Ldind, 0, IlValueKind.U1),
            Code.Ldind_I2 => (IlOpcode.Ldind, 0, IlValueKind.I2),
            Code.Ldind_U2 => (IlOpcode.Ldind, 0, IlValueKind.U2),
            Code.Ldind_I4 => (IlOpcode.Ldind, 0, IlValueKind.I4),
            Code.Ldind_U4 => (IlOpcode.Ldind, 0, IlValueKind.U4),
            Code.Ldind_I8 => (IlOpcode.Ldind, 0, IlValueKind.I8),
            Code.Ldind_I => (IlOpcode.Ldind, 0, IlValueKind.I),
            Code.Ldind_R4 => (IlOpcode.Ldind, 0, IlValueKind.R4),
            Code.Ldind_R8 => (IlOpcode.Ldind, 0, IlValueKind.R8),
            Code.Ldind_Ref => (IlOpcode.Ldind, 0, IlValueKind.Ref),
            Code.Stind_I1 => (IlOpcode.Stind, 0, IlValueKind.I1),
            Code.Stind_I2 => (IlOpcode.Stind, 0, IlValueKind.I2),
            Code.Stind_I4 => (IlOpcode.Stind, 0, IlValueKind.I4),
            Code.Stind_I8 => (IlOpcode.Stind, 0, IlValueKind.I8),
            Code.Stind_I => (IlOpcode.Stind, 0, IlValueKind.I),
            Code.Stind_R4 => (IlOpcode.Stind, 0, IlValueKind.R4),
            Code.Stind_R8 => (IlOpcode.Stind, 0, IlValueKind.R8),
            Code.Stind_Ref => (IlOpcode.Stind, 0, IlValueKind.Ref),
            Code.Add or Code.Add_Ovf or Code.Add_Ovf_Un => (IlOpcode.Add, 0, default),
            Code.Sub or Code.Sub_Ovf or Code.Sub_Ovf_Un => (IlOpcode.Sub, 0, default),
            Code.Mul or Code.Mul_Ovf or Code.Mul_Ovf_Un => (IlOpcode.Mul, 0, default),
            Code.Div => (IlOpcode.Div, 0, default),
            Code.Div_Un => (IlOpcode.DivUn, 0, default),
            Code.Rem => (IlOpcode.Rem, 0, default),
            Code.Rem_Un => (IlOpcode.RemUn, 0, default),
            Code.And => (IlOpcode.And, 0, default),
            Code.Or => (IlOpcode.Or, 0, default),
            Code.Xor => (IlOpcode.Xor, 0, default),
            Code.Shl => (IlOpcode.Shl, 0, default),
            Code.Shr => (IlOpcode.Shr, 0, default),
            Code.Shr_Un => (IlOpcode.ShrUn, 0, default),
            Code.Neg => (IlOpcode.Neg, 0, default),
            Code.Not => (IlOpcode.Not, 0, default),
            Code.Conv_I1 or Code.Conv_Ovf_I1 or Code.Conv_Ovf_I1_Un => (IlOpcode.Conv, 0, IlValueKind.I1),
            Code.Conv_I2 or Code.Conv_Ovf_I2 or Code.Conv_Ovf_I2_Un => (IlOpcode.Conv, 0, IlValueKind.I2),
            Code.Conv_I4 or Code.Conv_Ovf_I4 or Code.Conv_Ovf_I4_Un => (IlOpcode.Conv, 0, IlValueKind.I4),
            Code.Conv_I8 or Code.Conv_Ovf_I8 or Code.Conv_Ovf_I8_Un => (IlOpcode.Conv, 0, IlValueKind.I8),
            Code.Conv_U1 or Code.Conv_Ovf_U1 or Code.Conv_Ovf_U1_Un => (IlOpcode.Conv, 0, IlValueKind.U1),
            Code.Conv_U2 or Code.Conv_Ovf_U2 or Code.Conv_Ovf_U2_Un => (IlOpcode.Conv, 0, IlValueKind.U2),
            Code.Conv_U4 or Code.Conv_Ovf_U4 or Code.Conv_Ovf_U4_Un => (IlOpcode.Conv, 0, IlValueKind.U4),
            Code.Conv_U8 or Code.Conv_Ovf_U8 or Code.Conv_Ovf_U8_Un => (IlOpcode.Conv, 0, IlValueKind.U8),
            Code.Conv_I or Code.Conv_Ovf_I or Code.Conv_Ovf_I_Un => (IlOpcode.Conv, 0, IlValueKind.I),
            Code.Conv_U or Code.Conv_Ovf_U or Code.Conv_Ovf_U_Un => (IlOpcode.Conv, 0, IlValueKind.U),
            Code.Conv_R4 => (IlOpcode.Conv, 0, IlValueKind.R4),
            Code.Conv_R8 => (IlOpcode.Conv, 0, IlValueKind.R8),
            Code.Conv_R_Un => (IlOpcode.Conv, 0, IlValueKind.RUn),
            Code.Ceq => (IlOpcode.Ceq, 0, default),
            Code.Cgt => (IlOpcode.Cgt, 0, default),
            Code.Cgt_Un => (IlOpcode.CgtUn, 0, default),
            Code.Clt => (IlOpcode.Clt, 0, default),
            Code.Clt_Un => (IlOpcode.CltUn, 0, default),
            Code.Ldobj => (IlOpcode.Ldobj, 0, default),
            Code.Stobj => (IlOpcode.Stobj, 0, default),
            Code.Cpobj => (IlOpcode.Cpobj, 0, default),
            Code.Initobj => (IlOpcode.Initobj, 0, default),
            Code.Sizeof => (IlOpcode.Sizeof, 0, default),
            Code.Ldfld => (IlOpcode.Ldfld, 0, default),
            Code.Ldflda => (IlOpcode.Ldflda, 0, default),
            Code.Stfld => (IlOpcode.Stfld, 0, default),
            Code.Ldsfld => (IlOpcode.Ldsfld, 0, default),
            Code.Ldsflda => (IlOpcode.Ldsflda, 0, default),
            Code.Stsfld => (IlOpcode.Stsfld, 0, default),
            Code.Ldstr => (IlOpcode.Ldstr, 0, default),
            Code.Newobj => (IlOpcode.Newobj, 0, default),
            Code.Newarr => (IlOpcode.Newarr, 0, default),
            Code.Box => (IlOpcode.Box, 0, default),
            Code.Unbox => (IlOpcode.Unbox, 0, default),
            Code.Unbox_Any => (IlOpcode.UnboxAny, 0, default),
            Code.Castclass => (IlOpcode.Castclass, 0, default),
            Code.Isinst => (IlOpcode.Isinst, 0, default),
            Code.Throw => (IlOpcode.Throw, 0, default),
            Code.Rethrow => (IlOpcode.Rethrow, 0, default),
            Code.Leave or Code.Leave_S => (IlOpcode.Leave, 0, default),
            Code.Endfinally => (IlOpcode.Endfinally, 0, default),
            Code.Endfilter => (IlOpcode.Endfilter, 0, default),
            Code.Ldlen => (IlOpcode.Ldlen, 0, default),
            Code.Ldelema => (IlOpcode.Ldelema, 0, default),
            Code.Ldelem_Any or Code.Ldelem_I or Code.Ldelem_I1 or Code.Ldelem_I2 or Code.Ldelem_I4 or Code.Ldelem_I8
                or Code.Ldelem_R4 or Code.Ldelem_R8 or Code.Ldelem_Ref or Code.Ldelem_U1 or Code.Ldelem_U2
                or Code.Ldelem_U4 => (IlOpcode.Ldelem, 0, default),
            Code.Stelem_Any or Code.Stelem_I or Code.Stelem_I1 or Code.Stelem_I2 or Code.Stelem_I4 or Code.Stelem_I8
                or Code.Stelem_R4 or Code.Stelem_R8 or Code.Stelem_Ref => (IlOpcode.Stelem, 0, default),
            Code.Ldtoken => (IlOpcode.Ldtoken, 0, default),
            Code.Ldftn => (IlOpcode.Ldftn, 0, default),
            Code.Ldvirtftn => (IlOpcode.Ldvirtftn, 0, default),
            Code.Localloc => (IlOpcode.Localloc, 0, default),
            Code.Cpblk => (IlOpcode.Cpblk, 0, default),
            Code.Initblk => (IlOpcode.Initblk, 0, default),
            Code.Ckfinite => (IlOpcode.Ckfinite, 0, default),
            Code.Arglist => (IlOpcode.Arglist, 0, default),
            Code.Mkrefany => (IlOpcode.Mkrefany, 0, default),
            Code.Refanyval => (IlOpcode.Refanyval, 0, default),
            Code.Refanytype => (IlOpcode.Refanytype, 0, default),
            _ => throw new CompileException($"the IL instruction '{code}' is not supported", null),
        };
    }
}
