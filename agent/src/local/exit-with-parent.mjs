/* global process, setTimeout */
// Preloaded (node --import) into the processes `npm run dev` starts. Their parent talks to them over an IPC
// channel, which the kernel closes when the parent dies, however it dies (SIGKILL included): then they stop
// as on SIGTERM (the executor drains, the agent deletes its executor sessions), and are forced out after 15 s.
if (process.channel) {
  process.channel.unref(); // the channel alone must not keep a finished process alive
  process.once("disconnect", () => {
    process.kill(process.pid, "SIGTERM");
    setTimeout(() => process.exit(1), 15_000).unref();
  });
}
