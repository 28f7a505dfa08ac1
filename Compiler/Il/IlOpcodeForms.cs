using System.Reflection;
using Mono.Cecil.Cil;

namespace TraitsBpf.Compiler.Il;

/// <summary>
/// Every CIL opcode Cecil knows, by its mnemonic, as the decoder normalizes it (prefixes, which
/// become flags of the next instruction, are not listed). What the frontend claims to translate
/// is these forms less the ones it refuses outright; the IL-coverage test reads both.
/// </summary>
internal static class IlOpcodeForms
{
    private static readonly Lazy<IReadOnlyDictionary<string, IlForm>> Forms = new(Build);

    /// <summary>The form of each mnemonic (<c>ldarg.0</c>, <c>ldarg.s</c> and <c>ldarg</c> are one form).</summary>
    public static IReadOnlyDictionary<string, IlForm> ByMnemonic => Forms.Value;

    private static Dictionary<string, IlForm> Build()
    {
        var forms = new Dictionary<string, IlForm>(StringComparer.Ordinal);
        var opcodes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetValue(null))
            .OfType<OpCode>()
            .Where(o => o.OpCodeType != OpCodeType.Prefix);
        foreach (var opcode in opcodes)
        {
            if (MethodBodyDecoder.TryNormalize(opcode.Code) is { } form)
            {
                forms[opcode.Name] = form with { Overflow = MethodBodyDecoder.IsOverflowForm(opcode.Name) };
            }
        }

        return forms;
    }
}
