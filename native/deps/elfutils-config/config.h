/* Hand-written stand-in for the config.h that elfutils' ./configure would generate.
 * Only libelf is built (see ../libelf.gyp), for glibc on Linux; zstd support is left out. */
#define _GNU_SOURCE 1
#define PACKAGE_NAME "elfutils"
#define PACKAGE_VERSION "0.192"
#define PACKAGE_URL "http://elfutils.org/"
#define HAVE_DECL_MEMRCHR 1
#define HAVE_DECL_RAWMEMCHR 1
#define HAVE_DECL_POWEROF2 1
#define HAVE_DECL_MEMPCPY 1
#define HAVE_DECL_REALLOCARRAY 1
#define HAVE_ERROR_H 1
#define HAVE_ERR_H 1
#define HAVE_VISIBILITY 1
#define HAVE_STDATOMIC_H 1
#define SIZEOF_LONG 8
#define USE_ZLIB 1
#include <eu-config.h>
