/**
 * How the executor container runs on Fargate. The server runs as root so that each session's worker can run
 * under its own uid; the component drops every default capability the server does not need and adds the one
 * it needs beyond them. Fargate lets a task drop any capability but add only SYS_PTRACE.
 */

/** Docker's default capability set, which a Fargate container starts with. */
export const DEFAULT_CONTAINER_CAPABILITIES = [
  "CHOWN",
  "DAC_OVERRIDE",
  "FSETID",
  "FOWNER",
  "MKNOD",
  "NET_RAW",
  "SETGID",
  "SETUID",
  "SETFCAP",
  "SETPCAP",
  "NET_BIND_SERVICE",
  "SYS_CHROOT",
  "KILL",
  "AUDIT_WRITE",
] as const;
export type ContainerCapability = (typeof DEFAULT_CONTAINER_CAPABILITIES)[number];

/**
 * The defaults the executor server keeps:
 * - SETUID, SETGID: a worker (or helper) switches to its session's uid and gid and drops supplementary groups;
 * - KILL: the server stops any process of a session (timeouts, budgets, the sweep after every execution);
 * - CHOWN: folders and files the server creates for a session (uploads, S3 pulls) are handed to its uid;
 * - DAC_OVERRIDE: the server reads session folders (mode 0700, any mode the session sets inside) to measure
 *   their disk use and list and serve files, through descriptors opened with O_NOFOLLOW;
 * - FOWNER: the server replaces and removes files in folders the session may have made sticky.
 */
export const EXECUTOR_CAPABILITIES: readonly ContainerCapability[] = [
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "SETGID",
  "SETUID",
  "KILL",
];

/** The one capability Fargate lets a task add. */
export type AddableCapability = "SYS_PTRACE";

/**
 * Added (`linuxParameters.capabilities.add`): SYS_PTRACE lets the server read `/proc/<pid>/smaps_rollup` of
 * session processes, which run under other uids and are not dumpable, to enforce memory budgets by PSS. The
 * server never attaches to a process; session processes lose every capability when they switch uid and run
 * with no_new_privs and a seccomp filter that refuses ptrace.
 */
export const EXECUTOR_ADDED_CAPABILITIES: readonly AddableCapability[] = ["SYS_PTRACE"];

/** The capabilities the task definition drops by name (`linuxParameters.capabilities.drop`). */
export const EXECUTOR_DROPPED_CAPABILITIES: readonly ContainerCapability[] =
  DEFAULT_CONTAINER_CAPABILITIES.filter((capability) => !EXECUTOR_CAPABILITIES.includes(capability));

/** The container's user: root, confined by the dropped capabilities; sessions run under their own uids. */
export const EXECUTOR_CONTAINER_USER = "0:0";
