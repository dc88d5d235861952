/* A deterministic syscall workload for the end-to-end tests. Each mode makes an exactly known
 * number of calls of one kind; the test compares the tracer's rows with those numbers.
 *   workload getppid N THREADS   N getppid calls in each of THREADS threads (named wl-worker)
 *   workload fork N [USEC]       N children (fork), each calls getppid once and exits; USEC
 *                                microseconds of sleep after each (a steady churn of processes)
 *   workload names K             renames itself K times (wl-<i>) and calls getppid once under each name
 *   workload signal N            raises SIGUSR1 N times; each handler return is one rt_sigreturn
 *   workload exec N              N children (fork), each execs `workload exit0`, which exits at once
 *   workload errors N M          N close(-1), which fail, and M dup(0)+close pairs, which succeed
 *   workload lengths N           names itself with the first 1, 2, ... 15 letters of the alphabet
 *                                in turn (longest first), calling getppid N times under each
 *   workload collide N           N getppid and N getuid, alternating: on x86_64 (110 and 102) both take
 *                                the same CPU count slot, so each call moves the other's count to the map
 *   workload paced N USEC        N getppid calls, each followed by USEC microseconds of sleep (N
 *                                clock_nanosleep): a steady rate over a time, for views that refresh
 *   workload int80 N             (x86_64) N getpid calls through int 0x80: the i386 ABI's getpid (20),
 *                                made by a 64-bit program
 * It waits for a line on stdin before the measured part, so the tracer can be attached first,
 * and prints "done" when finished. With WL_COMM set, the measured part runs under that thread name
 * (all its threads and children), so that a test's counts cannot mix with another's; WL_COMM_HEX
 * gives the name's bytes in hex instead, for names that are not text ("" is the empty name).
 * With WL_SPREAD_MS set, the getppid, names and collide loops take at least that many milliseconds,
 * sleeping between slices of their calls: a test that needs them to span intervals or outlive a
 * poll paces them by time, not by a count that a fast machine gets through at once. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long count;

#define SLICES 50

/* With WL_SPREAD_MS, after call `i` of `count`: sleeps until the end of its slice of the spread. */
static void pace(const struct timespec *start, long i)
{
	static long spread_ms = -1;
	if (spread_ms < 0)
		spread_ms = getenv("WL_SPREAD_MS") ? atol(getenv("WL_SPREAD_MS")) : 0;
	long per_slice = count / SLICES > 0 ? count / SLICES : 1;
	if (spread_ms == 0 || (i + 1) % per_slice != 0)
		return;
	long slice = (i + 1) / per_slice;
	long long ns = (long long)start->tv_nsec + (long long)spread_ms * 1000000 * slice / SLICES;
	struct timespec until = { start->tv_sec + ns / 1000000000, ns % 1000000000 };
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) != 0)
		;
}
static char comm_bytes[16];

/* The measured part's thread name: WL_COMM_HEX's bytes, WL_COMM, or NULL. */
static const char *wl_comm(void)
{
	const char *hex = getenv("WL_COMM_HEX");
	if (!hex)
		return getenv("WL_COMM");
	size_t n = strlen(hex) / 2;
	for (size_t i = 0; i < n && i < sizeof(comm_bytes) - 1; i++)
		sscanf(hex + 2 * i, "%2hhx", (unsigned char *)&comm_bytes[i]);
	return comm_bytes;
}

static void *getppid_loop(void *unused)
{
	(void)unused;
	prctl(PR_SET_NAME, wl_comm() ? wl_comm() : "wl-worker");
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (long i = 0; i < count; i++) {
		syscall(SYS_getppid);
		pace(&start, i);
	}
	return NULL;
}

static void on_signal(int sig) { (void)sig; }

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: workload getppid|fork|names|signal|exec|errors N [THREADS|M]\n");
		return 2;
	}
	const char *mode = argv[1];
	if (strcmp(mode, "exit0") == 0)
		return 0;
	count = atol(argv[2]);
	char line[16];
	if (!fgets(line, sizeof(line), stdin))
		return 1;
	if (wl_comm())
		prctl(PR_SET_NAME, wl_comm());

	if (strcmp(mode, "getppid") == 0) {
		int threads = argc > 3 ? atoi(argv[3]) : 1;
		pthread_t tids[64];
		for (int t = 0; t < threads; t++)
			pthread_create(&tids[t], NULL, getppid_loop, NULL);
		for (int t = 0; t < threads; t++)
			pthread_join(tids[t], NULL);
	} else if (strcmp(mode, "fork") == 0) {
		for (long i = 0; i < count; i++) {
			pid_t child = fork();
			if (child == 0) {
				syscall(SYS_getppid);
				_exit(0);
			}
			waitpid(child, NULL, 0);
			if (argc > 3)
				usleep(atol(argv[3]));
		}
	} else if (strcmp(mode, "exec") == 0) {
		/* By its real path, so that the children's name is "workload" too, not "exe". */
		char self[4096];
		ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
		if (len < 0)
			return 1;
		self[len] = '\0';
		for (long i = 0; i < count; i++) {
			pid_t child = fork();
			if (child == 0) {
				execl(self, "workload", "exit0", "0", (char *)NULL);
				_exit(127);
			}
			int status;
			waitpid(child, &status, 0);
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
				return 1;
		}
	} else if (strcmp(mode, "errors") == 0) {
		long succeed = argc > 3 ? atol(argv[3]) : 0;
		for (long i = 0; i < count; i++)
			close(-1);
		for (long i = 0; i < succeed; i++)
			close(dup(0));
	} else if (strcmp(mode, "lengths") == 0) {
		/* Longest first, so that each shorter name overwrites a longer one's tail. */
		for (int len = 15; len >= 1; len--) {
			char name[16] = "abcdefghijklmno";
			name[len] = '\0';
			prctl(PR_SET_NAME, name);
			for (long i = 0; i < count; i++)
				syscall(SYS_getppid);
		}
	} else if (strcmp(mode, "names") == 0) {
		char name[16];
		struct timespec start;
		clock_gettime(CLOCK_MONOTONIC, &start);
		for (long i = 0; i < count; i++) {
			snprintf(name, sizeof(name), "wl-%ld", i);
			prctl(PR_SET_NAME, name);
			syscall(SYS_getppid);
			pace(&start, i);
		}
	} else if (strcmp(mode, "paced") == 0) {
		long usec = argc > 3 ? atol(argv[3]) : 0;
		for (long i = 0; i < count; i++) {
			syscall(SYS_getppid);
			usleep(usec);
		}
	} else if (strcmp(mode, "collide") == 0) {
		struct timespec start;
		clock_gettime(CLOCK_MONOTONIC, &start);
		for (long i = 0; i < count; i++) {
			syscall(SYS_getppid);
			syscall(SYS_getuid);
			pace(&start, i);
		}
	} else if (strcmp(mode, "int80") == 0) {
#ifdef __x86_64__
		for (long i = 0; i < count; i++) {
			long ret;
			__asm__ volatile("int $0x80" : "=a"(ret) : "a"(20L) : "memory", "r8", "r9", "r10", "r11");
		}
#else
		fprintf(stderr, "workload: int80 is x86_64 only\n");
		return 2;
#endif
	} else if (strcmp(mode, "signal") == 0) {
		signal(SIGUSR1, on_signal);
		for (long i = 0; i < count; i++)
			raise(SIGUSR1);
	} else {
		fprintf(stderr, "workload: unknown mode %s\n", mode);
		return 2;
	}
	printf("done\n");
	fflush(stdout);
	return 0;
}
