using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// SYN cookies: the raw helpers take the headers without the context, the socket ones the IP header's size after
/// it, which the compiler reads from the header's C# type; an issued cookie is the helper's 64-bit result in a
/// <c>SynCookie</c>.
/// </summary>
internal sealed partial class FunctionBuilder
{
    /// <summary><c>ctx.GenerateSynCookie(ip, tcp, length)</c>: helper(ip, tcp, length); the raw helpers take no context.</summary>
    internal void LowerRawSynCookieGenerate(BpfHelper helper, MethodDesc method, List<StackEntry> arguments)
    {
        var call = Emit(new HelperCallInstruction(helper, [arguments[1].Value, arguments[2].Value, HeaderLength(arguments[3])], IrType.I64, ValueKind.Scalar, true));
        PushSynCookie(call, method.ReturnType);
    }

    /// <summary><c>ctx.CheckSynCookie(ip, tcp)</c>: helper(ip, tcp), 0 or -EACCES.</summary>
    internal void LowerRawSynCookieCheck(BpfHelper helper, MethodDesc method, List<StackEntry> arguments)
    {
        var call = Emit(new HelperCallInstruction(helper, [arguments[1].Value, arguments[2].Value], IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }

    /// <summary><c>socket->GenerateSynCookie(ip, tcp, length)</c>: bpf_tcp_gen_syncookie(socket, ip, sizeof(*ip), tcp, length).</summary>
    internal void LowerSynCookieGenerate(MethodDesc method, List<StackEntry> arguments)
    {
        var call = Emit(new HelperCallInstruction(BpfHelper.TcpGenSyncookie, SocketSynCookieArguments(method, arguments), IrType.I64, ValueKind.Scalar, true));
        PushSynCookie(call, method.ReturnType);
    }

    /// <summary><c>socket->CheckSynCookie(ip, tcp, length)</c>: bpf_tcp_check_syncookie(socket, ip, sizeof(*ip), tcp, length).</summary>
    internal void LowerSynCookieCheck(MethodDesc method, List<StackEntry> arguments)
    {
        var call = Emit(new HelperCallInstruction(BpfHelper.TcpCheckSyncookie, SocketSynCookieArguments(method, arguments), IrType.I64, ValueKind.Scalar, true));
        Push(Widen(call, IrType.I32, true), method.ReturnType);
    }

    /// <summary>
    /// The socket, the IP header and its size, which tells the kernel nothing about the family (the header's version
    /// field does) but bounds what it may read, then the TCP header and its length.
    /// </summary>
    private List<Value> SocketSynCookieArguments(MethodDesc method, List<StackEntry> arguments)
    {
        var ipHeader = method.Parameters[0].Element ?? throw Error($"'{method.FullName}' must take its IP header by pointer");
        return [arguments[0].Value, arguments[1].Value, new Constant(ipHeader.Size, IrType.I64), arguments[2].Value, HeaderLength(arguments[3])];
    }

    /// <summary>The TCP header length, which the helpers take as a u32: zero-extended, as the kernel reads the register.</summary>
    private Value HeaderLength(StackEntry length) => Widen(length.Value, IrType.I64, false);

    /// <summary>The helper's result stored in a <c>SynCookie</c> temporary, whose single field it is.</summary>
    private void PushSynCookie(Value result, TypeDesc cookieType)
    {
        var home = NewTemporary(cookieType);
        Emit(new StoreInstruction(home, 0, cookieType.Size, result));
        Push(home, cookieType);
    }
}
