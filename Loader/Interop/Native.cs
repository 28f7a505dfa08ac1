using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary>
/// The libbpf 1.1 entry points the loader uses, under their exact C names so that
/// a reader can look each one up in libbpf.h/bpf.h/btf.h. Functions returning int
/// follow libbpf 1.0 semantics: a negative errno on failure. Functions returning
/// pointers return null and set errno.
/// </summary>
internal static unsafe partial class Native
{
    private const string Libbpf = "libbpf.so.1";

    // ---- global ----

    [LibraryImport(Libbpf)]
    internal static partial nint libbpf_set_print(delegate* unmanaged<int, byte*, nint, int> fn);

    [LibraryImport(Libbpf)]
    internal static partial int libbpf_num_possible_cpus();

    // ---- bpf_object ----

    [LibraryImport(Libbpf, SetLastError = true)]
    internal static partial nint bpf_object__open_mem(byte* obj_buf, nuint obj_buf_sz, BpfObjectOpenOpts* opts);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_object__load(nint obj);

    [LibraryImport(Libbpf)]
    internal static partial void bpf_object__close(nint obj);

    [LibraryImport(Libbpf)]
    internal static partial nint bpf_object__next_program(nint obj, nint prev);

    [LibraryImport(Libbpf)]
    internal static partial nint bpf_object__next_map(nint obj, nint prev);

    [LibraryImport(Libbpf)]
    internal static partial nint bpf_object__btf(nint obj);

    // ---- bpf_program ----

    [LibraryImport(Libbpf)]
    internal static partial byte* bpf_program__name(nint prog);

    [LibraryImport(Libbpf)]
    internal static partial byte* bpf_program__section_name(nint prog);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_program__type(nint prog);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_program__expected_attach_type(nint prog);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_program__fd(nint prog);

    [LibraryImport(Libbpf)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool bpf_program__autoload(nint prog);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_program__set_autoload(nint prog, [MarshalAs(UnmanagedType.U1)] bool autoload);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_program__set_log_buf(nint prog, byte* log_buf, nuint log_size);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_program__set_type(nint prog, int type);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_program__set_expected_attach_type(nint prog, int type);

    [LibraryImport(Libbpf)]
    internal static partial void bpf_program__set_ifindex(nint prog, uint ifindex);

    [LibraryImport(Libbpf)]
    internal static partial uint bpf_program__flags(nint prog);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_program__set_flags(nint prog, uint flags);

    [LibraryImport(Libbpf, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int bpf_program__set_attach_target(nint prog, int attach_prog_fd, string attach_func_name);

    // ---- bpf_map ----

    [LibraryImport(Libbpf)]
    internal static partial byte* bpf_map__name(nint map);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_map__type(nint map);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_map__fd(nint map);

    [LibraryImport(Libbpf)]
    internal static partial uint bpf_map__key_size(nint map);

    [LibraryImport(Libbpf)]
    internal static partial uint bpf_map__value_size(nint map);

    [LibraryImport(Libbpf)]
    internal static partial uint bpf_map__max_entries(nint map);

    [LibraryImport(Libbpf)]
    internal static partial uint bpf_map__btf_value_type_id(nint map);

    [LibraryImport(Libbpf)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool bpf_map__is_internal(nint map);

    [LibraryImport(Libbpf)]
    internal static partial void* bpf_map__initial_value(nint map, nuint* psize);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_map__reuse_fd(nint map, int fd);

    [LibraryImport(Libbpf)]
    internal static partial byte* bpf_map__pin_path(nint map);

    // ---- user ring buffer (libbpf.h, 1.1) ----

    [LibraryImport(Libbpf, SetLastError = true)]
    internal static partial nint user_ring_buffer__new(int map_fd, void* opts);

    [LibraryImport(Libbpf, SetLastError = true)]
    internal static partial void* user_ring_buffer__reserve(nint rb, uint size);

    [LibraryImport(Libbpf, SetLastError = true)]
    internal static partial void* user_ring_buffer__reserve_blocking(nint rb, uint size, int timeout_ms);

    [LibraryImport(Libbpf)]
    internal static partial void user_ring_buffer__submit(nint rb, void* sample);

    [LibraryImport(Libbpf)]
    internal static partial void user_ring_buffer__discard(nint rb, void* sample);

    [LibraryImport(Libbpf)]
    internal static partial void user_ring_buffer__free(nint rb);

    // ---- btf ----

    [LibraryImport(Libbpf)]
    internal static partial BtfTypeHeader* btf__type_by_id(nint btf, uint type_id);

    [LibraryImport(Libbpf)]
    internal static partial byte* btf__name_by_offset(nint btf, uint offset);

    [LibraryImport(Libbpf)]
    internal static partial int btf__resolve_type(nint btf, uint type_id);


    // ---- raw syscall wrappers (bpf.h) ----

    [LibraryImport(Libbpf)]
    internal static partial int bpf_map_create(int map_type, [MarshalAs(UnmanagedType.LPUTF8Str)] string? map_name,
        uint key_size, uint value_size, uint max_entries, BpfMapCreateOpts* opts);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_map_lookup_elem(int fd, void* key, void* value);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_map_update_elem(int fd, void* key, void* value, ulong flags);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_map_delete_elem(int fd, void* key);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_map_get_next_key(int fd, void* key, void* next_key);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_obj_pin(int fd, [MarshalAs(UnmanagedType.LPUTF8Str)] string pathname);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_obj_get_opts([MarshalAs(UnmanagedType.LPUTF8Str)] string pathname, BpfObjGetOpts* opts);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_obj_get_info_by_fd(int bpf_fd, void* info, uint* info_len);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_prog_test_run_opts(int prog_fd, BpfTestRunOpts* opts);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_link_create(int prog_fd, int target_fd, int attach_type, BpfLinkCreateOpts* opts);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_link_update(int link_fd, int new_prog_fd, BpfLinkUpdateOpts* opts);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_link_detach(int link_fd);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_prog_get_fd_by_id(uint id);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_map_get_fd_by_id(uint id);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_link_get_fd_by_id(uint id);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_raw_tracepoint_open([MarshalAs(UnmanagedType.LPUTF8Str)] string? name, int prog_fd);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_prog_query(int target_fd, int type, uint query_flags, uint* attach_flags, uint* prog_ids, uint* prog_cnt);

    [LibraryImport(Libbpf, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int bpf_prog_load(int prog_type, string prog_name, string license, ulong* insns, nuint insn_cnt, BpfProgLoadOpts* opts);

    // ---- BTF writing (btf.h): probe programs, libxdp's run config ----

    [LibraryImport(Libbpf)]
    internal static partial nint btf__new_empty();

    [LibraryImport(Libbpf)]
    internal static partial void btf__free(nint btf);

    [LibraryImport(Libbpf, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int btf__add_int(nint btf, string name, nuint byte_sz, int encoding);

    [LibraryImport(Libbpf, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int btf__add_struct(nint btf, string name, uint sz);

    [LibraryImport(Libbpf)]
    internal static partial int btf__add_ptr(nint btf, int ref_type_id);

    [LibraryImport(Libbpf)]
    internal static partial int btf__add_func_proto(nint btf, int ret_type_id);

    [LibraryImport(Libbpf, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int btf__add_func_param(nint btf, string name, int type_id);

    [LibraryImport(Libbpf, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int btf__add_func(nint btf, string name, int linkage, int proto_type_id);

    [LibraryImport(Libbpf)]
    internal static partial int btf__add_array(nint btf, int index_type_id, int elem_type_id, uint nr_elems);

    [LibraryImport(Libbpf, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int btf__add_field(nint btf, string name, int field_type_id, uint bit_offset, uint bit_size);

    [LibraryImport(Libbpf, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int btf__add_var(nint btf, string name, int linkage, int type_id);

    [LibraryImport(Libbpf, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int btf__add_datasec(nint btf, string name, uint byte_sz);

    [LibraryImport(Libbpf)]
    internal static partial int btf__add_datasec_var_info(nint btf, int var_type_id, uint offset, uint byte_sz);

    [LibraryImport(Libbpf)]
    internal static partial int btf__load_into_kernel(nint btf);

    [LibraryImport(Libbpf)]
    internal static partial int btf__fd(nint btf);

    // ---- XDP over netlink (libbpf.h) ----

    [LibraryImport(Libbpf)]
    internal static partial int bpf_xdp_attach(int ifindex, int prog_fd, uint flags, BpfXdpAttachOpts* opts);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_xdp_detach(int ifindex, uint flags, BpfXdpAttachOpts* opts);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_xdp_query(int ifindex, int flags, BpfXdpQueryOpts* opts);

    // ---- perf buffers (libbpf.h) ----

    [LibraryImport(Libbpf, SetLastError = true)]
    internal static partial nint perf_buffer__new(int map_fd, nuint page_cnt, delegate* unmanaged<nint, int, void*, uint, void> sample_cb, delegate* unmanaged<nint, int, ulong, void> lost_cb, nint ctx, void* opts);

    [LibraryImport(Libbpf)]
    internal static partial int perf_buffer__poll(nint pb, int timeout_ms);

    [LibraryImport(Libbpf)]
    internal static partial int perf_buffer__consume(nint pb);

    [LibraryImport(Libbpf)]
    internal static partial void perf_buffer__free(nint pb);

    // ---- TC over netlink (libbpf.h) ----

    [LibraryImport(Libbpf)]
    internal static partial int bpf_tc_hook_create(BpfTcHook* hook);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_tc_hook_destroy(BpfTcHook* hook);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_tc_attach(BpfTcHook* hook, BpfTcOpts* opts);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_tc_detach(BpfTcHook* hook, BpfTcOpts* opts);

    [LibraryImport(Libbpf)]
    internal static partial int bpf_tc_query(BpfTcHook* hook, BpfTcOpts* opts);
}
