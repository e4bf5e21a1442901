import { describe, expect, it } from "vitest";
import { countChanges, formatChanges, formatOutputs, hasChanges, renderMarkdown } from "./summary";

describe("formatChanges", () => {
  it("lists non-zero changes in a fixed order with the unchanged count", () => {
    expect(formatChanges({ same: 40, delete: 2, create: 3, update: 1, replace: 1 })).toBe(
      "+3 to create, ~1 to update, +-1 to replace, -2 to delete, 40 unchanged",
    );
  });

  it("says no changes", () => {
    expect(formatChanges({ same: 12 })).toBe("no changes (12 unchanged)");
    expect(formatChanges({})).toBe("no changes");
    expect(hasChanges({ same: 3, read: 2 })).toBe(false);
  });

  it("counts create-replacement as a replacement", () => {
    expect(countChanges({ "create-replacement": 2, replace: 1 })).toEqual([
      { symbol: "+-", label: "to replace", count: 3 },
    ]);
  });
});

describe("formatOutputs", () => {
  it("sorts keys, prints strings bare, JSON otherwise and hides secrets", () => {
    expect(
      formatOutputs({
        vpcId: { value: "vpc-1", secret: false },
        privateSubnetIds: { value: ["subnet-a", "subnet-b"], secret: false },
        token: { value: "hunter2", secret: true },
      }),
    ).toEqual(['  privateSubnetIds: ["subnet-a","subnet-b"]', "  token: [secret]", "  vpcId: vpc-1"]);
  });
});

describe("renderMarkdown", () => {
  const base = {
    stack: "dev",
    action: "preview",
    succeeded: true,
    changes: { create: 2, same: 5 },
    changedResources: [
      { urn: "urn:pulumi:dev::agentcore-vpc-platform::aws:ec2/vpc:Vpc::net", op: "create" },
      {
        urn: "urn:pulumi:dev::agentcore-vpc-platform::a:b:C$aws:ec2/subnet:Subnet::net-private-0",
        op: "create",
      },
    ],
    outputs: { vpcId: { value: "vpc-1", secret: false }, odd: { value: "a|b", secret: false } },
    failure: undefined,
  };

  it("renders status, change table, changed resources and outputs", () => {
    const md = renderMarkdown(base);
    expect(md).toContain("### Pulumi preview: `dev` — ✅ succeeded");
    expect(md).toContain("| `+` to create | 2 |");
    expect(md).toContain("| unchanged | 5 |");
    expect(md).toContain('- `create` aws:ec2/subnet:Subnet "net-private-0"');
    expect(md).toContain("| `vpcId` | `vpc-1` |");
    expect(md).toContain("| `odd` | `a\\|b` |");
    expect(md).not.toContain("Reason");
  });

  it("renders a failure with its reason and no empty sections", () => {
    const md = renderMarkdown({
      ...base,
      succeeded: false,
      changes: undefined,
      changedResources: [],
      outputs: undefined,
      failure: "Pulumi CLI not found on PATH",
    });
    expect(md).toContain("— ❌ failed");
    expect(md).toContain("> **Reason:** Pulumi CLI not found on PATH");
    expect(md).not.toContain("<details>");
    expect(md).not.toContain("| change |");
  });

  it("says no changes when nothing changes", () => {
    expect(renderMarkdown({ ...base, changes: { same: 9 }, changedResources: [] })).toContain(
      "No changes (9 unchanged).",
    );
  });
});
