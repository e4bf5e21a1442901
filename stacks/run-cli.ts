/**
 * Runs a command-line entry point: its result becomes the exit code, and an unexpected error one line on
 * stderr (with the stack, since it is a bug) and exit code 1.
 */
export function runCli(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(
        `${name} failed: unexpected error: ${err instanceof Error ? err.stack : String(err)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
