/* Benchmark workloads, built at bench time.
 *   loop getppid N THREADS   N getppid calls in each of THREADS threads; prints ns per call (wall;
 *                            with LOOP_CLOCK=cpu, the process's CPU time per call, which waiting
 *                            for a CPU that neighbours hold does not inflate)
 *   loop distinct K          K calls of distinct unassigned syscall numbers (each fails with
 *                            ENOSYS): K distinct keys for the count map, fast */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long calls;

static void *getppid_loop(void *unused)
{
	(void)unused;
	for (long i = 0; i < calls; i++)
		syscall(SYS_getppid);
	return NULL;
}

static clockid_t clock_id = CLOCK_MONOTONIC;

static double now_ns(void)
{
	struct timespec t;
	clock_gettime(clock_id, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	if (strcmp(argv[1], "distinct") == 0) {
		long k = atol(argv[2]);
		for (long i = 0; i < k; i++)
			syscall(100000 + i);
		return 0;
	}
	calls = atol(argv[2]);
	int threads = argc > 3 ? atoi(argv[3]) : 1;
	const char *clock_name = getenv("LOOP_CLOCK");
	int cpu = clock_name && strcmp(clock_name, "cpu") == 0;
	if (cpu)
		clock_id = CLOCK_PROCESS_CPUTIME_ID;
	pthread_t tids[64];
	double start = now_ns();
	for (int t = 0; t < threads; t++)
		pthread_create(&tids[t], NULL, getppid_loop, NULL);
	for (int t = 0; t < threads; t++)
		pthread_join(tids[t], NULL);
	/* Wall: per call of one thread (with 2 threads on 2 CPUs the calls run side by side). CPU: per
	 * call of all threads. */
	printf("%.1f\n", (now_ns() - start) / (cpu ? (double)calls * threads : calls));
	return 0;
}
