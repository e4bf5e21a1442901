import type { UploadProgress } from "../client/upload.js";
import { formatBytes } from "./render.js";

/** `[██████░░░░]  60% 600.0 MB / 1.0 GB · 45.3 MB/s` */
export function progressBar(progress: UploadProgress, elapsedMs: number, width = 24): string {
  const fraction = progress.total > 0 ? Math.min(1, progress.loaded / progress.total) : 1;
  const filled = Math.round(fraction * width);
  const rate = elapsedMs > 0 ? progress.loaded / (elapsedMs / 1000) : 0;
  return (
    `[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ` +
    `${formatBytes(progress.loaded)} / ${formatBytes(progress.total)} · ${formatBytes(rate)}/s`
  );
}

/**
 * Upload progress for the terminal: a bar redrawn in place on a terminal, a plain line at every 10 % otherwise.
 * Returns the progress callback and a function that ends the display.
 */
export function uploadProgressPrinter(
  label: string,
  write: (text: string) => void,
  tty: boolean,
  now: () => number = Date.now,
): { onProgress: (progress: UploadProgress) => void; end: () => void } {
  const started = now();
  let lastDecile = -1;
  let last: UploadProgress | undefined;
  return {
    onProgress(progress) {
      last = progress;
      const line = `${label} ${progressBar(progress, now() - started)}`;
      if (tty) {
        write(`\r\x1b[2K${line}`);
        return;
      }
      const decile = progress.total > 0 ? Math.floor((progress.loaded / progress.total) * 10) : 10;
      if (decile !== lastDecile) {
        lastDecile = decile;
        write(`${line}\n`);
      }
    },
    end() {
      if (tty && last) write("\n");
    },
  };
}
