"""How a process becomes one session's: its uid, environment, folder, resource limits and seccomp filter.

Used by workers (after a spare is assigned its session) and by helper processes the server runs for a
session (helper.py); both end in exactly the same state:
- the session's uid and gid, no supplementary groups (when the server is root);
- the environment the server assigned, nothing inherited;
- the session folder as working directory, umask 077;
- resource limits (address space, file size = the session's disk budget, processes, CPU, open files,
  no core files);
- no_new_privs (setuid binaries and file capabilities grant nothing), not dumpable (other processes of
  the uid cannot read its memory through /proc), and the seccomp filter of seccomp_filter.py.
The parent-death signal is set here too, once for every process that must not outlive its parent.
"""

import ctypes
import os
import resource
import signal

import seccomp_filter

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38

_libc = ctypes.CDLL(None, use_errno=True)

# Built once when the zygote imports this module, so a worker only installs it. An architecture without a
# filter stops the zygote here: sessions are never run unconfined.
ARCH = seccomp_filter.machine()
FILTER = seccomp_filter.pack(seccomp_filter.build(ARCH))


def prctl(option, value):
    if _libc.prctl(option, ctypes.c_ulong(value), 0, 0, 0) != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"prctl({option}) failed: {os.strerror(code)}")


def set_parent_death_signal(expected_parent):
    """SIGKILL this process when its parent dies; exits at once if the parent is already gone.

    Called after fork (the setting is not inherited) and again after a credential change (which clears it).
    """
    prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL))
    if os.getppid() != expected_parent:
        os._exit(0)


def become_subreaper():
    """Orphaned descendants are re-parented to this process rather than to init, so the server sees them."""
    prctl(PR_SET_CHILD_SUBREAPER, 1)


def drop_to(uid, gid):
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)


def count_user_tasks(uid):
    """Threads owned by uid (RLIMIT_NPROC counts them all; only needed when sessions share the uid)."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat(follow_symlinks=False).st_uid == uid:
                total += len(os.listdir(f"/proc/{entry.name}/task"))
        except OSError:
            continue  # gone meanwhile
    return total


def apply_limits(limits, per_session_uid):
    def setlim(kind, value):
        if value is not None and value > 0:
            resource.setrlimit(kind, (value, value))

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core files in the session folder
    setlim(resource.RLIMIT_AS, limits.get("addressSpaceBytes"))
    setlim(resource.RLIMIT_FSIZE, limits.get("fileSizeBytes"))
    setlim(resource.RLIMIT_NOFILE, limits.get("openFiles"))
    cpu = limits.get("cpuSeconds")
    if cpu:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    nproc = limits.get("processes")
    if nproc:
        if not per_session_uid:  # shared uid: allow this many on top of what already runs
            nproc += count_user_tasks(os.getuid())
        resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))


def lock_down():
    """no_new_privs, not dumpable, then the seccomp filter (which needs no_new_privs when unprivileged)."""
    prctl(PR_SET_NO_NEW_PRIVS, 1)
    prctl(PR_SET_DUMPABLE, 0)
    seccomp_filter.install(FILTER, ARCH)


def enter_session(assign, parent_pid):
    """Turns this process into one of the session's. `assign` is the server's description of the session:
    {"cwd", "uid"?, "gid"?, "env", "limits"}. Order matters: privileges go first (setgroups and setuid need
    them), the filter last (it would refuse nothing they need, but it must cover everything after)."""
    uid = assign.get("uid")
    if uid is not None:
        drop_to(int(uid), int(assign.get("gid", uid)))
        set_parent_death_signal(parent_pid)  # the credential change cleared it
    os.environ.clear()
    os.environ.update(assign["env"])
    os.umask(0o077)
    os.chdir(assign["cwd"])
    apply_limits(assign["limits"], uid is not None)
    lock_down()
