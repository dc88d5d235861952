/* Benchmark workloads, built at bench time.
 *   loop getppid N THREADS   N getppid calls in each of THREADS threads; prints ns per call (wall)
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

static double now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
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
	pthread_t tids[64];
	double start = now_ns();
	for (int t = 0; t < threads; t++)
		pthread_create(&tids[t], NULL, getppid_loop, NULL);
	for (int t = 0; t < threads; t++)
		pthread_join(tids[t], NULL);
	/* Per call of one thread: with 2 threads on 2 CPUs the calls run side by side. */
	printf("%.1f\n", (now_ns() - start) / calls);
	return 0;
}
