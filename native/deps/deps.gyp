# The vendored C libraries, each a static library linked into the addon (see README.md here).
# Source lists come from the libraries' own makefiles through sources.cjs.
{
  'variables': {'prebuilt%': 'false'},
  'target_defaults': {
    'cflags': ['-std=gnu11', '-w', '-fPIC', '-fvisibility=hidden', '-D_FORTIFY_SOURCE=2', '-fstack-protector-strong'],
    'cflags!': ['-Wall', '-Wextra'],
  },
  'targets': [
    {
      'target_name': 'libelf',
      'type': 'static_library',
      'sources': ['<!@(node sources.cjs libelf)'],
      'defines': ['HAVE_CONFIG_H'],
      'include_dirs': ['elfutils-config', 'elfutils/libelf', 'elfutils/lib'],
      'direct_dependent_settings': {
        'include_dirs': ['elfutils/libelf'],
      },
      'link_settings': {
        # The prebuilt addon takes zlib's static archive (of the old build root's zlib1g-dev).
        'conditions': [
          ['prebuilt=="true"', {'libraries': ['-l:libz.a']}, {'libraries': ['-lz']}],
        ],
      },
    },
    {
      'target_name': 'libbpf',
      'type': 'static_library',
      'dependencies': ['libelf'],
      'sources': ['<!@(node sources.cjs libbpf)'],
      'defines': ['_LARGEFILE64_SOURCE', '_FILE_OFFSET_BITS=64'],
      'include_dirs': ['libbpf/src', 'libbpf/include', 'libbpf/include/uapi', 'elfutils/libelf'],
      # `make install` would put these in <bpf/...>; the addon and the skeleton include them that way.
      'copies': [{
        'destination': '<(SHARED_INTERMEDIATE_DIR)/libbpf-include/bpf',
        'files': ['<!@(node sources.cjs libbpf-headers)'],
      }],
      'direct_dependent_settings': {
        'include_dirs': ['<(SHARED_INTERMEDIATE_DIR)/libbpf-include', 'libbpf/include/uapi'],
      },
      'export_dependent_settings': ['libelf'],
    },
  ],
}
