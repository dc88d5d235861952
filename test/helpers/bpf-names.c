// Prints the name of each BPF object given as "prog <id>" or "map <id>", one a line, as the kernel
// keeps it (cut to 15 bytes): what bpftool shows, without bpftool, which a fresh machine lacks.
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long bpf(int cmd, union bpf_attr *attr) { return syscall(__NR_bpf, cmd, attr, sizeof(*attr)); }

int main(int argc, char **argv) {
  for (int i = 1; i + 1 < argc; i += 2) {
    int prog = strcmp(argv[i], "prog") == 0;
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    if (prog)
      attr.prog_id = (unsigned)atoi(argv[i + 1]);
    else
      attr.map_id = (unsigned)atoi(argv[i + 1]);
    int fd = (int)bpf(prog ? BPF_PROG_GET_FD_BY_ID : BPF_MAP_GET_FD_BY_ID, &attr);
    if (fd < 0) return perror(argv[i + 1]), 1;
    struct bpf_prog_info prog_info;
    struct bpf_map_info map_info;
    memset(&prog_info, 0, sizeof(prog_info));
    memset(&map_info, 0, sizeof(map_info));
    memset(&attr, 0, sizeof(attr));
    attr.info.bpf_fd = (unsigned)fd;
    attr.info.info_len = prog ? sizeof(prog_info) : sizeof(map_info);
    attr.info.info = (unsigned long)(prog ? (void *)&prog_info : (void *)&map_info);
    if (bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) < 0) return perror("BPF_OBJ_GET_INFO_BY_FD"), 1;
    printf("%s\n", prog ? prog_info.name : map_info.name);
    close(fd);
  }
  return 0;
}
