/* A 32-bit x86 program without a C library, so every call it makes is an i386 syscall through
 * int 0x80 and its counts are exact. The tests build it with gcc -m32 -nostdlib (no 32-bit libc
 * needed) and check that its rows carry the i386 names: 3 is read here, close in the 64-bit table.
 * Like workload.c, it waits for a line on stdin (1 read) before the measured part, then makes
 * 1000 getpid, 300 read(-1) and 200 close(-1) (both fail with EBADF), forks a child that exits at
 * once (1 fork, and 1 waitpid for it), writes "done\n" (1 write) and exits. */
#include <asm/unistd_32.h>

static long call(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return ret;
}

__attribute__((force_align_arg_pointer, noreturn)) void _start(void)
{
	char line[16];

	if (call(__NR_read, 0, (long)line, sizeof(line)) <= 0)
		call(__NR_exit, 1, 0, 0);
	for (int i = 0; i < 1000; i++)
		call(__NR_getpid, 0, 0, 0);
	for (int i = 0; i < 300; i++)
		call(__NR_read, -1, 0, 0);
	for (int i = 0; i < 200; i++)
		call(__NR_close, -1, 0, 0);
	if (call(__NR_fork, 0, 0, 0) == 0)
		call(__NR_exit, 0, 0, 0);
	call(__NR_waitpid, -1, 0, 0);
	call(__NR_write, 1, (long)"done\n", 5);
	call(__NR_exit, 0, 0, 0);
	__builtin_unreachable();
}
