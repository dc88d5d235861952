/* Prints the ids of every BPF program ("prog <id>") and map ("map <id>") loaded in the kernel,
 * so a test can tell whether the tracer left any behind. Needs CAP_SYS_ADMIN. */
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int list(int command, const char *kind)
{
	union bpf_attr attr;
	unsigned int id = 0;
	for (;;) {
		memset(&attr, 0, sizeof(attr));
		attr.start_id = id;
		if (syscall(SYS_bpf, command, &attr, sizeof(attr)) != 0)
			return errno == ENOENT ? 0 : -1;
		id = attr.next_id;
		printf("%s %u\n", kind, id);
	}
}

int main(void)
{
	if (list(BPF_PROG_GET_NEXT_ID, "prog") || list(BPF_MAP_GET_NEXT_ID, "map")) {
		perror("bpf");
		return 1;
	}
	return 0;
}
