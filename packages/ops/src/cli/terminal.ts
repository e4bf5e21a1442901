/**
 * Terminal prompts for the real CLI: a y/N confirmation and a passphrase read without echo.
 */
import * as readline from "node:readline";
import { Writable } from "node:stream";

export async function confirm(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export async function askSecret(question: string): Promise<string> {
  process.stdout.write(question);
  // A readline whose output swallows everything: the typed characters are never echoed.
  const rl = readline.createInterface({
    input: process.stdin,
    output: new Writable({ write: (_chunk, _encoding, callback) => callback() }),
    terminal: true,
  });
  try {
    return await new Promise<string>((resolve) => rl.question("", resolve));
  } finally {
    rl.close();
    process.stdout.write("\n");
  }
}
