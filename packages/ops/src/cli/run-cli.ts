import { OperatorError } from "../errors";

/** Where a command-line entry point writes its failure line and sets its exit code. */
export interface CliProcess {
  stderr: { write(text: string): unknown };
  exitCode?: number | string | undefined;
}

/**
 * Runs a command-line entry point: its result becomes the exit code. An OperatorError (a problem the operator
 * can fix) is one line on stderr and exit code 1; any other error is a bug, printed with its stack.
 * @param proc where the exit code and the failure line go @default process
 * @returns the promise of the run, settled once the exit code is set
 */
export function runCli(name: string, main: () => Promise<number>, proc: CliProcess = process): Promise<void> {
  return main().then(
    (code) => {
      proc.exitCode = code;
    },
    (err: unknown) => {
      const reason =
        err instanceof OperatorError
          ? err.message
          : `unexpected error: ${err instanceof Error ? err.stack : String(err)}`;
      proc.stderr.write(`${name} failed: ${reason}\n`);
      proc.exitCode = 1;
    },
  );
}
