"""The seccomp filter every session process runs under, as classic BPF.

Assembled here and installed with the seccomp(2) syscall through ctypes: the standard library has no
seccomp binding, and the libseccomp one is a native package the image would have to carry for a program
of a few dozen instructions. `python3 seccomp_filter.py dump <arch>` prints the program, so the tests run
it against seccomp_data fixtures for both architectures without a kernel of that architecture.

What it does, per architecture (x86_64 here, aarch64 on Fargate):
- any other ABI (i386 or x32 on x86_64, arm32 on aarch64) kills the process: its syscall numbers differ,
  so no rule below would apply to it;
- socket() and socketpair() are allowed for AF_UNIX only: every other address family (inet, inet6,
  netlink, packet, vsock, ...) fails with EPERM. This is an allow list: a family added to the kernel later
  is refused too. It is what keeps session code off the network (the executor's own HTTP API, the ECS
  credentials endpoint, the internet);
- syscalls that reach into another process or widen the kernel's attack surface fail with EPERM (see
  DENIED); clone() with a namespace flag fails with EPERM; clone3() fails with ENOSYS, so the C library
  falls back to clone(), whose flags the filter can read (clone3 passes them in memory, which it cannot);
- everything else is allowed.
The filter is inherited by every child and survives execve (bash cells and their programs keep it).
"""

import ctypes
import errno
import json
import os
import struct
import sys

# <linux/audit.h>
AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
# The x32 ABI shares AUDIT_ARCH_X86_64 and marks its syscall numbers with this bit.
X32_SYSCALL_BIT = 0x40000000

# Syscall numbers: x86_64 from <asm/unistd_64.h>, aarch64 from <asm-generic/unistd.h>.
SYSCALLS = {
    "x86_64": {
        "socket": 41, "socketpair": 53, "clone": 56, "clone3": 435, "seccomp": 317,
        "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "pidfd_getfd": 438,
        "perf_event_open": 298, "kcmp": 312, "bpf": 321,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "process_madvise": 440, "userfaultfd": 323, "unshare": 272, "setns": 308,
        "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161,
        "keyctl": 250, "add_key": 248, "request_key": 249,
        "kexec_load": 246, "kexec_file_load": 320, "init_module": 175, "finit_module": 313,
        "delete_module": 176, "open_by_handle_at": 304,
    },
    "aarch64": {
        "socket": 198, "socketpair": 199, "clone": 220, "clone3": 435, "seccomp": 277,
        "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271, "pidfd_getfd": 438,
        "perf_event_open": 241, "kcmp": 272, "bpf": 280,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "process_madvise": 440, "userfaultfd": 282, "unshare": 97, "setns": 268,
        "mount": 40, "umount2": 39, "pivot_root": 41, "chroot": 51,
        "keyctl": 219, "add_key": 217, "request_key": 218,
        "kexec_load": 104, "kexec_file_load": 294, "init_module": 105, "finit_module": 273,
        "delete_module": 106, "open_by_handle_at": 265,
    },
}

# Refused with EPERM. The first group is what would let one session read or steer another process
# (memory, file descriptors, performance counters, kernel programs, asynchronous I/O that bypasses the
# filter); the second what only widens the kernel surface (namespaces, keyrings, page-fault handlers).
DENIED = (
    "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", "perf_event_open", "kcmp", "bpf",
    "io_uring_setup", "io_uring_enter", "io_uring_register", "process_madvise",
    "userfaultfd", "unshare", "setns", "mount", "umount2", "pivot_root", "chroot",
    "keyctl", "add_key", "request_key", "kexec_load", "kexec_file_load",
    "init_module", "finit_module", "delete_module", "open_by_handle_at",
)

AF_UNIX = 1
# CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET
CLONE_NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000

RET_KILL_PROCESS = 0x80000000
RET_ALLOW = 0x7FFF0000
RET_ERRNO = 0x00050000

# Classic BPF opcodes (<linux/filter.h>).
LD_W_ABS = 0x20
JEQ_K = 0x15
JGE_K = 0x35
JSET_K = 0x45
RET_K = 0x06

# struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6] (little-endian on both
# architectures, so the low 32 bits of args[0] are at offset 16).
OFFSET_NR = 0
OFFSET_ARCH = 4
OFFSET_ARG0_LOW = 16


def build(arch):
    """The filter for `arch` as a list of (code, jt, jf, k) instructions."""
    if arch not in AUDIT_ARCH:
        raise ValueError(f"no seccomp filter for architecture {arch!r}")
    nr = SYSCALLS[arch]
    program = []  # instructions whose jump targets may still be labels
    labels = {}

    def emit(code, k=0, jt=0, jf=0):
        program.append([code, jt, jf, k])

    def label(name):
        labels[name] = len(program)

    emit(LD_W_ABS, OFFSET_ARCH)
    emit(JEQ_K, AUDIT_ARCH[arch], jt=0, jf="kill")
    emit(LD_W_ABS, OFFSET_NR)
    if arch == "x86_64":
        emit(JGE_K, X32_SYSCALL_BIT, jt="kill", jf=0)
    emit(JEQ_K, nr["socket"], jt="socket_family", jf=0)
    emit(JEQ_K, nr["socketpair"], jt="socket_family", jf=0)
    emit(JEQ_K, nr["clone"], jt="clone_flags", jf=0)
    emit(JEQ_K, nr["clone3"], jt="enosys", jf=0)
    for name in DENIED:
        emit(JEQ_K, nr[name], jt="eperm", jf=0)
    emit(RET_K, RET_ALLOW)
    label("socket_family")
    emit(LD_W_ABS, OFFSET_ARG0_LOW)
    emit(JEQ_K, AF_UNIX, jt="allow", jf="eperm")
    label("clone_flags")
    emit(LD_W_ABS, OFFSET_ARG0_LOW)
    emit(JSET_K, CLONE_NAMESPACE_FLAGS, jt="eperm", jf="allow")
    label("allow")
    emit(RET_K, RET_ALLOW)
    label("eperm")
    emit(RET_K, RET_ERRNO | errno.EPERM)
    label("enosys")
    emit(RET_K, RET_ERRNO | errno.ENOSYS)
    label("kill")
    emit(RET_K, RET_KILL_PROCESS)

    resolved = []
    for index, (code, jt, jf, k) in enumerate(program):
        offsets = []
        for target in (jt, jf):
            if isinstance(target, str):
                offset = labels[target] - index - 1  # BPF jumps are relative to the next instruction
                if not 0 <= offset <= 255:
                    raise ValueError(f"jump to {target} out of range from {index}")
                offsets.append(offset)
            else:
                offsets.append(target)
        resolved.append((code, offsets[0], offsets[1], k))
    return resolved


def pack(program):
    """struct sock_filter[]: u16 code, u8 jt, u8 jf, u32 k each."""
    return b"".join(struct.pack("=HBBI", code, jt, jf, k) for code, jt, jf, k in program)


def machine():
    return os.uname().machine


SECCOMP_SET_MODE_FILTER = 1
SECCOMP_FILTER_FLAG_TSYNC = 1


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def install(packed, arch=None):
    """Installs a packed filter on this process (all its threads). Needs no_new_privs set first."""
    arch = arch or machine()
    buffer = ctypes.create_string_buffer(packed, len(packed))
    prog = _SockFprog(len(packed) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    result = libc.syscall(
        ctypes.c_long(SYSCALLS[arch]["seccomp"]),
        ctypes.c_uint(SECCOMP_SET_MODE_FILTER),
        ctypes.c_uint(SECCOMP_FILTER_FLAG_TSYNC),
        ctypes.byref(prog),
    )
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"seccomp filter not installed: {os.strerror(code)}")


if __name__ == "__main__":
    # python3 seccomp_filter.py dump <arch>: the program and the numbers the tests need, as JSON.
    if len(sys.argv) != 3 or sys.argv[1] != "dump":
        sys.exit("usage: seccomp_filter.py dump x86_64|aarch64")
    target = sys.argv[2]
    json.dump(
        {
            "arch": target,
            "auditArch": AUDIT_ARCH[target],
            "syscalls": SYSCALLS[target],
            "denied": list(DENIED),
            "program": [list(instruction) for instruction in build(target)],
        },
        sys.stdout,
    )
