/* A 32-bit x86 program without a C library, so every call it makes is an i386 syscall through
 * int 0x80 and its counts are exact. The tests build it with gcc -m32 -nostdlib (no 32-bit libc
 * needed) and check that its rows carry the i386 names: 3 is read here, close in the 64-bit table.
 * Like workload.c, it waits for a line on stdin (1 read) before the measured part, then makes
 * 1000 getpid, 300 read(-1) and 200 close(-1) (both fail with EBADF), forks a child that exits at
 * once (1 fork, and 1 waitpid for it), writes "done\n" (1 write) and exits.
 * With arguments (i386 PROGRAM ARGS...), it only execs PROGRAM: an i386 execve (11), which a 64-bit
 * PROGRAM completes in the x86_64 ABI. */
#include <asm/unistd_32.h>

static long call(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return ret;
}

/* The entry point: passes the initial stack (argc, argv..., 0, envp..., 0) to start(), aligned. */
__asm__(".text\n.globl _start\n_start:\n"
	"\txorl %ebp, %ebp\n"
	"\tmovl %esp, %eax\n"
	"\tandl $-16, %esp\n"
	"\tsubl $12, %esp\n"
	"\tpushl %eax\n"
	"\tcall start\n"
	"\thlt\n");

__attribute__((noreturn, used)) void start(long *stack)
{
	char line[16];
	long argc = stack[0];
	char **argv = (char **)&stack[1];

	if (argc > 1) {
		call(__NR_execve, (long)argv[1], (long)&argv[1], (long)&argv[argc + 1]);
		call(__NR_exit, 127, 0, 0);
	}

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
