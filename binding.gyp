# The addon (native/) over libbpf and libelf built from source (native/deps/deps.gyp).
# -Dprebuilt=true (scripts/build-prebuilt.sh) also links libstdc++, libgcc and zlib statically, so
# that the prebuilt addon in the npm package needs nothing but the C library.
{
  'variables': {'prebuilt%': 'false'},
  'targets': [
    {
      'target_name': 'syscallbypid',
      'sources': ['native/abi_ids_native.cc', 'native/abi_ids_i386.cc', 'native/abi_ids_x32.cc', 'native/addon.cc', 'native/counts.cc', 'native/cpu_slots.cc', 'native/errors.cc', 'native/options.cc', 'native/spawn.cc', 'native/tracer.cc'],
      'dependencies': [
        # C++ exceptions: a thrown Napi::Error becomes the JS exception, and so does any other
        # exception (std::bad_alloc from a large read), instead of std::terminate killing the process.
        "<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except_all",
        'native/deps/deps.gyp:libbpf',
      ],
      'cflags_cc': ['-std=gnu++17', '-fvisibility=hidden', '-D_FORTIFY_SOURCE=2', '-fstack-protector-strong'],
      'ldflags': [
        # Keep the vendored libraries' symbols out of the addon's dynamic symbol table.
        '-Wl,--exclude-libs,ALL',
        '-Wl,-z,relro,-z,now', '-Wl,-z,noexecstack',
      ],
      'conditions': [
        ['prebuilt=="true"', {'ldflags': ['-static-libstdc++', '-static-libgcc']}],
      ],
    },
  ],
}
