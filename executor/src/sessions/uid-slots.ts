import type { Owner } from "../fs/session-files";

/**
 * Session slots and their uids (base + slot when the server is root). A uid is handed to a new session only
 * once every process of its previous session is dead, and a new session prefers a slot whose clean-up is
 * done, so creating a session right after a delete does not wait for it.
 */
export class UidSlots {
  private readonly used = new Set<number>();
  private readonly kills = new Map<number, Promise<void>>();

  constructor(
    private readonly base: number | null,
    private readonly killUid: (uid: number) => Promise<void>,
  ) {}

  allocate(): { slot: number; owner: Owner | undefined } {
    for (let slot = 0; ; slot++) {
      if (this.used.has(slot)) continue;
      if (this.base !== null && this.kills.has(this.base + slot)) continue;
      this.used.add(slot);
      const owner = this.base === null ? undefined : { uid: this.base + slot, gid: this.base + slot };
      return { slot, owner };
    }
  }

  release(slot: number): void {
    this.used.delete(slot);
  }

  /** Kills what is left of a uid; later kills of the same uid run after it, and `settled` waits for all. */
  kill(uid: number): Promise<void> {
    const previous = this.kills.get(uid) ?? Promise.resolve();
    const done: Promise<void> = previous
      .then(() => this.killUid(uid))
      .finally(() => {
        if (this.kills.get(uid) === done) this.kills.delete(uid);
      });
    this.kills.set(uid, done);
    return done;
  }

  settled(uid: number): Promise<void> {
    return this.kills.get(uid) ?? Promise.resolve();
  }
}
