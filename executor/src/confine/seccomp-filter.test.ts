import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PYTHON_DIR } from "../sessions/zygote";
import { runFilter, type Instruction } from "./testing/bpf";

/** The filter python/seccomp_filter.py builds, dumped by the module itself. */
interface Dump {
  arch: string;
  auditArch: number;
  syscalls: Record<string, number>;
  denied: string[];
  program: Instruction[];
}

const python = process.env.EXECUTOR_PYTHON ?? "/usr/bin/python3";
function dump(arch: string): Dump {
  const out = execFileSync(python, [path.join(PYTHON_DIR, "seccomp_filter.py"), "dump", arch], {
    encoding: "utf8",
  });
  return JSON.parse(out) as Dump;
}

const KILL_PROCESS = 0x80000000;
const ALLOW = 0x7fff0000;
const EPERM = 0x00050000 | 1;
const ENOSYS = 0x00050000 | 38;

const AF = { UNIX: 1, INET: 2, INET6: 10, NETLINK: 16, PACKET: 17, VSOCK: 40 };
const SIGCHLD = 17;
const CLONE_THREAD_FLAGS = 0x3d0f00; // what pthread_create passes
const CLONE_NEW = { USER: 0x10000000, NET: 0x40000000, NS: 0x00020000, PID: 0x20000000 };

/** Syscalls the filter must leave alone, per architecture (read, openat, mmap, execve, kill). */
const ORDINARY: Record<string, number[]> = { x86_64: [0, 257, 9, 59, 62], aarch64: [63, 56, 222, 221, 129] };
/** The ABI each architecture must not run alongside its own. */
const FOREIGN_ARCH: Record<string, number> = { x86_64: 0x40000003 /* i386 */, aarch64: 0x40000028 /* arm */ };

describe.each(["x86_64", "aarch64"])("the seccomp filter for %s", (arch) => {
  const filter = dump(arch);
  const run = (nr: number, args: number[] = [], auditArch = filter.auditArch) =>
    runFilter(filter.program, { nr, arch: auditArch, args: args.map(BigInt) });

  it("kills any other ABI, whatever the syscall", () => {
    for (const nr of [0, 1, 59, filter.syscalls.socket as number]) {
      expect(run(nr, [], FOREIGN_ARCH[arch])).toBe(KILL_PROCESS);
    }
    if (arch === "x86_64") {
      // x32 shares the x86_64 audit arch and sets bit 30 of the syscall number
      expect(run(0x40000000 + (filter.syscalls.socket as number), [AF.INET])).toBe(KILL_PROCESS);
      expect(run(0x40000000)).toBe(KILL_PROCESS);
    }
  });

  it("allows AF_UNIX sockets and refuses every other family (an allow list)", () => {
    for (const name of ["socket", "socketpair"]) {
      const nr = filter.syscalls[name] as number;
      expect(run(nr, [AF.UNIX, 1, 0]), `${name}(AF_UNIX)`).toBe(ALLOW);
      for (const family of [AF.INET, AF.INET6, AF.NETLINK, AF.PACKET, AF.VSOCK, 0, 45, 255]) {
        expect(run(nr, [family, 1, 0]), `${name}(${family})`).toBe(EPERM);
      }
    }
  });

  it("refuses ptrace, process_vm_readv/writev, pidfd_getfd, perf_event_open, kcmp, bpf and io_uring", () => {
    const required = [
      "ptrace",
      "process_vm_readv",
      "process_vm_writev",
      "pidfd_getfd",
      "perf_event_open",
      "kcmp",
      "bpf",
    ];
    const ioUring = ["io_uring_setup", "io_uring_enter", "io_uring_register"];
    expect(filter.denied).toEqual(expect.arrayContaining([...required, ...ioUring]));
    for (const name of filter.denied) expect(run(filter.syscalls[name] as number), name).toBe(EPERM);
  });

  it("refuses new namespaces through clone, and clone3 (whose flags it cannot read) with ENOSYS", () => {
    const clone = filter.syscalls.clone as number;
    expect(run(clone, [SIGCHLD])).toBe(ALLOW); // fork
    expect(run(clone, [CLONE_THREAD_FLAGS])).toBe(ALLOW); // a thread
    for (const flag of Object.values(CLONE_NEW)) expect(run(clone, [flag | SIGCHLD])).toBe(EPERM);
    expect(run(filter.syscalls.clone3 as number)).toBe(ENOSYS);
  });

  it("leaves ordinary syscalls alone", () => {
    for (const nr of ORDINARY[arch] as number[]) expect(run(nr, [3, 0, 0]), `syscall ${nr}`).toBe(ALLOW);
    expect(run(filter.syscalls.seccomp as number)).toBe(ALLOW); // further filters only restrict more
  });

  const header =
    arch === "x86_64" ? "/usr/include/x86_64-linux-gnu/asm/unistd_64.h" : "/usr/include/asm-generic/unistd.h";
  it.runIf(existsSync(header))(`uses the syscall numbers of ${header}`, () => {
    const text = readFileSync(header, "utf8");
    for (const [name, nr] of Object.entries(filter.syscalls)) {
      const match = new RegExp(`#define __NR_${name}\\s+(\\d+)`).exec(text);
      expect(match?.[1], name).toBe(String(nr));
    }
  });
});
