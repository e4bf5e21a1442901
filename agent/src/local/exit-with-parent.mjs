/* global process, setInterval, setTimeout */
// Preloaded (node --import) into the processes `npm run dev` starts. Their parent talks to them over an IPC
// channel, which the kernel closes when the parent dies, however it dies (SIGKILL included): then they stop
// as on SIGTERM (the executor drains, the agent deletes its executor sessions), and are forced out after 15 s.
// A parent that died before this listener was in place shows as a new parent pid (the orphan is adopted).
if (process.channel) {
  const parent = process.ppid;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.kill(process.pid, "SIGTERM");
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.channel.unref(); // the channel alone must not keep a finished process alive
  process.once("disconnect", stop);
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 1000).unref();
}
