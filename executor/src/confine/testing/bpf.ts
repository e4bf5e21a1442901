/**
 * A classic-BPF interpreter for the instructions a seccomp filter uses (loads of seccomp_data, conditional
 * jumps, returns), so tests can run a filter against seccomp_data fixtures of any architecture. Written here:
 * no maintained npm package runs classic BPF, and this subset is what the kernel's checker accepts for
 * seccomp anyway. Unknown opcodes throw, so a filter using more than this cannot pass silently.
 */

export type Instruction = [code: number, jt: number, jf: number, k: number];

export interface SeccompData {
  nr: number;
  arch: number;
  instructionPointer?: bigint;
  args?: bigint[];
}

/** struct seccomp_data as the kernel lays it out (little-endian, as on x86_64 and aarch64). */
export function encodeSeccompData(data: SeccompData): Buffer {
  const buffer = Buffer.alloc(64);
  buffer.writeInt32LE(data.nr, 0);
  buffer.writeUInt32LE(data.arch >>> 0, 4);
  buffer.writeBigUInt64LE(data.instructionPointer ?? 0n, 8);
  (data.args ?? []).forEach((arg, i) => buffer.writeBigUInt64LE(BigInt.asUintN(64, arg), 16 + 8 * i));
  return buffer;
}

export function runFilter(program: Instruction[], data: SeccompData): number {
  const packet = encodeSeccompData(data);
  let a = 0;
  for (let pc = 0; pc < program.length;) {
    const [code, jt, jf, k] = program[pc] as Instruction;
    switch (code) {
      case 0x20: // BPF_LD | BPF_W | BPF_ABS
        if (k % 4 !== 0 || k + 4 > packet.length) throw new Error(`bad load offset ${k}`);
        a = packet.readUInt32LE(k);
        pc += 1;
        break;
      case 0x15: // BPF_JMP | BPF_JEQ | BPF_K
        pc += 1 + (a === k >>> 0 ? jt : jf);
        break;
      case 0x35: // BPF_JMP | BPF_JGE | BPF_K
        pc += 1 + (a >>> 0 >= k >>> 0 ? jt : jf);
        break;
      case 0x45: // BPF_JMP | BPF_JSET | BPF_K
        pc += 1 + ((a & k) !== 0 ? jt : jf);
        break;
      case 0x05: // BPF_JMP | BPF_JA
        pc += 1 + k;
        break;
      case 0x06: // BPF_RET | BPF_K
        return k >>> 0;
      default:
        throw new Error(`opcode 0x${code.toString(16)} at ${pc} is not supported`);
    }
  }
  throw new Error("the filter ran off its end without returning");
}
