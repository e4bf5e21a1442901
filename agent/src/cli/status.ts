import type { AgentEvent } from "agentcore-vpc-platform-contract";

/** `m:ss` (or `h:mm:ss`) of a duration. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** What the run is doing, as the events tell it. */
export interface RunActivity {
  agent: string | undefined;
  activity: string;
}

/** The activity after an event (the same object when the event says nothing new). */
export function activityAfter(state: RunActivity, event: AgentEvent): RunActivity {
  switch (event.type) {
    case "start":
      return { agent: undefined, activity: "starting" };
    case "agent_start":
      return { agent: event.agent, activity: "waiting for the model" };
    case "text":
      return { ...state, activity: "writing" };
    case "tool_call":
      return { agent: event.agent, activity: `running ${event.name}` };
    case "tool_result":
      return { agent: event.agent, activity: "waiting for the model" };
    case "heartbeat":
      return { agent: event.agent ?? state.agent, activity: event.activity };
    case "validation":
      return { agent: undefined, activity: `verification ${event.verdict === "pass" ? "passed" : "failed"}` };
    case "retry":
      return { ...state, activity: `retrying the model in ${(event.waitMs / 1000).toFixed(0)} s` };
    case "done":
    case "error":
      return { agent: undefined, activity: event.type };
    default:
      return state;
  }
}

const SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";

export interface StatusLineOptions {
  /** Rewrite one line in place every second (a terminal) or print plain lines now and then (a pipe, a log). */
  tty: boolean;
  /** Seconds between plain status lines when not a terminal. @default 15 */
  plainEverySeconds?: number;
  now?: () => number;
}

/**
 * The life line under a run's output: elapsed time, agent and activity. On a terminal it is redrawn every
 * second below the output (cleared before any output is written, drawn again after); elsewhere it is a plain
 * line every `plainEverySeconds`. Output that ends mid-line (model text streaming) is never broken: the
 * status waits for the line to end.
 */
export class StatusLine {
  private state: RunActivity = { agent: undefined, activity: "connecting" };
  private startedAt: number;
  private shown = false;
  private atLineStart = true;
  private frame = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastPlain = 0;
  private readonly now: () => number;

  constructor(
    private readonly out: (text: string) => void,
    private readonly options: StatusLineOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.lastPlain = this.startedAt;
  }

  /** Starts ticking (every second). */
  start(): void {
    this.timer ??= setInterval(() => this.tick(), 1000);
    this.timer.unref();
  }

  /** Follows an event: the run's own start time (for attached runs too) and what it is doing. */
  observe(event: AgentEvent): void {
    if (event.type === "start") this.startedAt = Date.parse(event.ts);
    this.state = activityAfter(this.state, event);
  }

  /** Writes output, keeping the status line below it. */
  write(text: string): void {
    if (!text) return;
    this.clear();
    this.out(text);
    this.atLineStart = text.endsWith("\n");
    if (this.options.tty) this.draw();
  }

  /** One tick: redraw (terminal) or a plain line when it is due. */
  tick(): void {
    this.frame++;
    if (this.options.tty) {
      this.clear();
      this.draw();
      return;
    }
    const every = (this.options.plainEverySeconds ?? 15) * 1000;
    if (this.now() - this.lastPlain < every) return;
    this.lastPlain = this.now();
    this.out(`${this.atLineStart ? "" : "\n"}… ${this.text()}\n`);
    this.atLineStart = true;
  }

  /** Stops ticking and removes the line. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }

  /** The status text: `1:05 · coder · running run_python`. */
  text(): string {
    const parts = [formatElapsed(this.now() - this.startedAt)];
    if (this.state.agent) parts.push(this.state.agent);
    parts.push(this.state.activity);
    return parts.join(" · ");
  }

  private draw(): void {
    if (!this.atLineStart) return;
    this.out(`${SPINNER[this.frame % SPINNER.length]} ${this.text()}`);
    this.shown = true;
  }

  private clear(): void {
    if (!this.shown) return;
    this.out("\r\x1b[2K");
    this.shown = false;
  }
}
