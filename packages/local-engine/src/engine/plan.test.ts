import { describe, expect, it } from "vitest";
import { changedKeys, decide } from "./plan";
import { makeSecret } from "../wire/values";

const goal = { replaceOnChanges: [] as string[], deleteBeforeReplace: false };
const none = { changes: "none" as const, replaces: [], deleteBeforeReplace: false };
const some = { changes: "some" as const, replaces: [], deleteBeforeReplace: false };
const unknown = { changes: "unknown" as const, replaces: [], deleteBeforeReplace: false };

describe("changedKeys", () => {
  it("lists top-level inputs whose values differ, secrets compared by value", () => {
    expect(changedKeys({ a: 1, b: makeSecret("x"), c: [1] }, { a: 1, b: "x", c: [2], d: true })).toEqual([
      "c",
      "d",
    ]);
  });
});

describe("decide", () => {
  it("follows the provider when it can tell", () => {
    expect(decide(none, goal, { a: 1 }, { a: 2 }, []).op).toBe("same");
    expect(decide(some, goal, { a: 1 }, { a: 1 }, []).op).toBe("update");
  });

  it("compares inputs when the provider answers unknown", () => {
    expect(decide(unknown, goal, { a: 1 }, { a: 1 }, []).op).toBe("same");
    expect(decide(unknown, goal, { a: 1 }, { a: 2 }, []).op).toBe("update");
  });

  it("replaces on the provider's replace keys or the resource's replaceOnChanges", () => {
    const replacing = decide({ ...some, replaces: ["name"], deleteBeforeReplace: true }, goal, {}, {}, []);
    expect(replacing).toEqual({ op: "replace", replaces: ["name"], deleteBeforeReplace: true });
    const forced = decide(
      some,
      { replaceOnChanges: ["a"], deleteBeforeReplace: true },
      { a: 1 },
      { a: 2 },
      [],
    );
    expect(forced).toEqual({ op: "replace", replaces: ["a"], deleteBeforeReplace: true });
    expect(
      decide(some, { ...goal, replaceOnChanges: ["*"] }, { a: 1, b: 1 }, { a: 2, b: 1 }, []).replaces,
    ).toEqual(["a"]);
  });

  it("updates a half-initialised resource even without a diff", () => {
    expect(decide(none, goal, { a: 1 }, { a: 1 }, ["timed out"]).op).toBe("update");
  });
});
