/**
 * The logger shape the agent uses: a subset of pino's, so the runtime SDK's request logger (pino, JSON lines,
 * with the request id) can be passed straight in, and `jsonLogger` serves the code that runs outside a request.
 */
export interface Logger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as const;
export type LogLevel = keyof typeof LEVELS;

/** One JSON object per line, pino-compatible field names (level as number, time in ms, msg). */
export function jsonLogger(
  level: LogLevel = "info",
  write: (line: string) => void = (line) => process.stdout.write(line),
  bindings: Record<string, unknown> = {},
): Logger {
  const threshold = LEVELS[level];
  const at =
    (lvl: keyof typeof LEVELS) =>
    (obj: object, msg: string): void => {
      if (LEVELS[lvl] < threshold) return;
      write(`${JSON.stringify({ level: LEVELS[lvl], time: Date.now(), ...bindings, ...obj, msg })}\n`);
    };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (more) => jsonLogger(level, write, { ...bindings, ...more }),
  };
}

export const silentLogger: Logger = jsonLogger("silent");
