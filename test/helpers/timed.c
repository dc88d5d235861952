/* Calls of known duration for the --time tests (test/e2e/time.test.ts). It prints "ready", waits for a
 * line on stdin (so the tracer can be attached first: that read is in flight when tracing begins), names
 * itself tm-MODE, makes the calls, and prints what it measured around them in user space with
 * CLOCK_MONOTONIC (the clock bpf_ktime_get_ns() reads), then "done":
 *   timed nanosleep N MS [collide]
 *                          N nanosleep(2) of MS ms; prints "wall SUM MAX": each call's bracket, summed, longest.
 *                          With collide, each is followed by an fdatasync(-1) (fails): on x86_64 (35 and 75)
 *                          both take the same CPU slot, so each call moves the other's counts to the map
 *   timed pipe MS          one read of a pipe that a child writes to MS ms after it saw the read blocked;
 *                          prints "wall NS"
 *   timed getppid N        N getppid
 *   timed exec             execve of itself as `timed execed START`, which prints "wall NS" from before
 *                          the execve in the old image to after it in the new
 *   timed fork N           N fork; each child exits at once (exit_group never completes)
 *   timed restart MS       one read of a pipe that the child interrupts MS/2 ms after it blocked with a
 *                          SIGALRM whose handler has SA_RESTART: the kernel completes it with -ERESTARTSYS,
 *                          runs the handler (which returns through rt_sigreturn) and enters the read again,
 *                          which the child ends MS/2 ms after it blocked again; prints "wall NS"
 *   timed seccomp N        N getppid that a seccomp filter refuses (EPERM) before the call enters: the
 *                          kernel runs sys_exit for them, not sys_enter
 *   timed spin             two threads call getppid without pause; "spinning" once they do; a second line
 *                          on stdin stops them (the tracer attaches while they spin)
 *   timed refused          like spin, with four threads each calling getpid then a getppid that seccomp
 *                          refuses, without pause */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* restart: the handler tells the child it ran, so the child knows the next blocked read is the restarted one. */
static int handled[2];

static void on_alarm(int signal)
{
	(void)signal;
	if (write(handled[1], "h", 1) != 1)
		_exit(4);
}

static void say(const char *line)
{
	if (write(1, line, strlen(line)) < 0)
		exit(3);
}

/* Whether `pid` is blocked in read(2) now (/proc/PID/syscall starts with the call's number). */
static int in_read(pid_t pid)
{
	char path[64], text[64] = "";
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/syscall", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	return n > 0 && strncmp(text, "0 ", 2) == 0; /* x86_64's read */
}

static volatile int spinning = 1;

static void *spin(void *unused)
{
	while (spinning)
		syscall(SYS_getppid);
	return unused;
}

static void *spin_refused(void *unused)
{
	while (spinning) {
		syscall(SYS_getpid);
		syscall(SYS_getppid);
	}
	return unused;
}

/* Makes seccomp refuse getppid (EPERM) before it enters, in this thread and those it creates after. */
static int refuse_getppid(void)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog program = { sizeof(filter) / sizeof(filter[0]), filter };

	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) == 0 ? 0 : -1;
}

/* Runs `threads` threads of `work` until a line on stdin. */
static int spin_until_line(int threads, void *(*work)(void *))
{
	pthread_t ids[4];
	char line[64];

	for (int i = 0; i < threads; i++)
		if (pthread_create(&ids[i], NULL, work, NULL) != 0)
			return -1;
	say("spinning\n");
	if (read(0, line, sizeof(line)) < 0)
		return -1;
	spinning = 0;
	for (int i = 0; i < threads; i++)
		pthread_join(ids[i], NULL);
	return 0;
}

int main(int argc, char **argv)
{
	char line[64], out[128];
	const char *mode = argc > 1 ? argv[1] : "";

	if (strcmp(mode, "execed") == 0) {
		snprintf(out, sizeof(out), "wall %lld\ndone\n", now_ns() - atoll(argv[2]));
		say(out);
		return 0;
	}
	say("ready\n");
	if (read(0, line, sizeof(line)) < 0)
		return 2;
	snprintf(line, sizeof(line), "tm-%s", mode);
	prctl(PR_SET_NAME, line);
	if (strcmp(mode, "nanosleep") == 0 && (argc == 4 || argc == 5)) {
		long n = atol(argv[2]), ms = atol(argv[3]);
		int collide = argc == 5 && strcmp(argv[4], "collide") == 0;
		long long sum = 0, max = 0;
		struct timespec wait = { ms / 1000, ms % 1000 * 1000000 };

		for (long i = 0; i < n; i++) {
			long long start = now_ns(), took;

			syscall(SYS_nanosleep, &wait, NULL); /* glibc's nanosleep() is clock_nanosleep(2) */
			took = now_ns() - start;
			if (collide)
				syscall(SYS_fdatasync, -1);
			sum += took;
			if (took > max)
				max = took;
		}
		snprintf(out, sizeof(out), "wall %lld %lld\n", sum, max);
		say(out);
	} else if ((strcmp(mode, "pipe") == 0 || strcmp(mode, "restart") == 0) && argc == 3) {
		int fds[2];
		pid_t parent = getpid(), child;
		long long start, took;

		if (pipe(fds) != 0 || pipe(handled) != 0)
			return 2;
		child = fork();
		if (child == 0) {
			long ms = atol(argv[2]);
			struct timespec wait = { ms / 1000, ms % 1000 * 1000000 }, half = { ms / 2000, ms / 2 % 1000 * 1000000 };
			struct timespec poll = { 0, 1000000 };

			while (!in_read(parent))
				nanosleep(&poll, NULL);
			if (strcmp(mode, "restart") == 0) {
				/* Interrupts the blocked read, then lets the restarted one block as long again. */
				nanosleep(&half, NULL);
				kill(parent, SIGALRM);
				if (read(handled[0], line, 1) != 1)
					_exit(1);
				while (!in_read(parent))
					nanosleep(&poll, NULL);
			}
			nanosleep(strcmp(mode, "restart") == 0 ? &half : &wait, NULL);
			_exit(write(fds[1], "x", 1) == 1 ? 0 : 1);
		}
		if (strcmp(mode, "restart") == 0) {
			struct sigaction action = { .sa_handler = on_alarm, .sa_flags = SA_RESTART };

			sigaction(SIGALRM, &action, NULL);
		}
		start = now_ns();
		if (read(fds[0], line, 1) != 1)
			return 2;
		took = now_ns() - start;
		waitpid(child, NULL, 0);
		snprintf(out, sizeof(out), "wall %lld\n", took);
		say(out);
	} else if (strcmp(mode, "getppid") == 0 && argc == 3) {
		for (long i = 0, n = atol(argv[2]); i < n; i++)
			syscall(SYS_getppid);
	} else if (strcmp(mode, "exec") == 0) {
		char start[32];

		snprintf(start, sizeof(start), "%lld", now_ns());
		execl("/proc/self/exe", argv[0], "execed", start, (char *)NULL);
		return 2;
	} else if (strcmp(mode, "seccomp") == 0 && argc == 3) {
		if (refuse_getppid() != 0)
			return 2;
		for (long i = 0, n = atol(argv[2]); i < n; i++)
			syscall(SYS_getppid);
	} else if (strcmp(mode, "spin") == 0) {
		if (spin_until_line(2, spin) != 0)
			return 2;
	} else if (strcmp(mode, "refused") == 0) {
		if (refuse_getppid() != 0 || spin_until_line(4, spin_refused) != 0)
			return 2;
	} else if (strcmp(mode, "fork") == 0 && argc == 3) {
		for (long i = 0, n = atol(argv[2]); i < n; i++) {
			pid_t child = fork();

			if (child == 0)
				_exit(0);
			waitpid(child, NULL, 0);
		}
	} else {
		return 2;
	}
	say("done\n");
	return 0;
}
