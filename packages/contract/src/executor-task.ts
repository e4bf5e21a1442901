/**
 * How the executor container runs on Fargate. The server runs as root so that each session's worker can run
 * under its own uid; the component drops every default capability the server does not need. Fargate lets a
 * task drop any capability but add only SYS_PTRACE, so the kept set must be a subset of Docker's defaults.
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
 * What the executor server needs: switch a worker to its session's uid and gid (SETUID, SETGID), signal and
 * reap any process of a session (KILL), and create and hand over session folders (CHOWN, FOWNER,
 * DAC_OVERRIDE).
 */
export const EXECUTOR_CAPABILITIES: readonly ContainerCapability[] = [
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "SETGID",
  "SETUID",
  "KILL",
];

/** The capabilities the task definition drops by name (`linuxParameters.capabilities.drop`). */
export const EXECUTOR_DROPPED_CAPABILITIES: readonly ContainerCapability[] =
  DEFAULT_CONTAINER_CAPABILITIES.filter((capability) => !EXECUTOR_CAPABILITIES.includes(capability));

/** The container's user: root, confined by the dropped capabilities; sessions run under their own uids. */
export const EXECUTOR_CONTAINER_USER = "0:0";
