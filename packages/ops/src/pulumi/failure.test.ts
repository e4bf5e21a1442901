import { describe, expect, it } from "vitest";
import { OperatorError } from "../errors";
import { cliMissingError, commandError } from "../testing/fake-engine";
import type { EngineEvent } from "./engine";
import { createEventLog } from "./event-log";
import { CLI_MISSING, classifyFailure, cleanMessage, isCliMissing } from "./failure";
import { describeUrn, parseUrn } from "./urn";

const ctx = { stack: "dev", action: "preview", backendUrl: "file:///repo/.pulumi-state" };
const SUBNET =
  "urn:pulumi:dev::agentcore-vpc-platform::agentcore-vpc-platform:index:AgentCoreVpcPlatform$aws:ec2/subnet:Subnet::deep-insight-private-1";
const STACK = "urn:pulumi:dev::agentcore-vpc-platform::pulumi:pulumi:Stack::agentcore-vpc-platform-dev";

function logWith(...events: Partial<EngineEvent>[]) {
  const log = createEventLog();
  events.forEach((e, i) => log.onEvent({ sequence: i, timestamp: 0, ...e }));
  return log;
}

function diag(message: string, urn?: string): Partial<EngineEvent> {
  return { diagnosticEvent: { message, urn, color: "never", severity: "error" } };
}

describe("parseUrn", () => {
  it("takes the resource's own type from a parent chain", () => {
    expect(parseUrn(SUBNET)).toEqual({ type: "aws:ec2/subnet:Subnet", name: "deep-insight-private-1" });
    expect(describeUrn(SUBNET)).toBe('aws:ec2/subnet:Subnet "deep-insight-private-1"');
    expect(parseUrn("not-a-urn")).toEqual({ type: "", name: "not-a-urn" });
  });
});

describe("cleanMessage", () => {
  it("drops colour codes, error: prefixes and the multierror header", () => {
    expect(
      cleanMessage("\u001b[31merror: \u001b[0m1 error occurred:\n\t* creating subnet: InvalidParameter\n"),
    ).toBe("creating subnet: InvalidParameter");
  });
});

describe("classifyFailure", () => {
  it("passes a OperatorError's message through", () => {
    expect(classifyFailure(new OperatorError("exact reason"), undefined, ctx)).toBe("exact reason");
  });

  it("recognises a missing CLI from the Automation API's CommandError", () => {
    expect(isCliMissing(cliMissingError())).toBe(true);
    expect(classifyFailure(cliMissingError(), undefined, ctx)).toBe(CLI_MISSING);
    expect(CLI_MISSING).toMatch(/get\.pulumi\.com/);
    expect(CLI_MISSING).toMatch(/pulumi\/actions/);
  });

  it("recognises a missing CLI from the message alone", () => {
    expect(isCliMissing(new Error("spawn pulumi ENOENT"))).toBe(true);
    expect(isCliMissing(new Error("spawn /opt/x ENOENT"))).toBe(false);
  });

  it("explains an unsupported CLI version", () => {
    const e = new Error(
      "Minimum version requirement failed. The minimum CLI version requirement is 3.2.0, your current CLI version is 3.1.0. Please update the Pulumi CLI.",
    );
    expect(classifyFailure(e, undefined, ctx)).toMatch(/^Pulumi CLI version not supported.*get\.pulumi\.com/);
  });

  it("names the policy and the resource for a mandatory policy violation", () => {
    const log = logWith({
      policyEvent: {
        resourceUrn: SUBNET,
        message: "Subnets must not map public IPs\nmore detail",
        color: "never",
        policyName: "no-public-ips",
        policyPackName: "security",
        policyPackVersion: "1",
        policyPackVersionTag: "v1",
        enforcementLevel: "mandatory",
      },
    });
    expect(classifyFailure(commandError("error: preview failed"), log, ctx)).toBe(
      'policy violation: security/no-public-ips on aws:ec2/subnet:Subnet "deep-insight-private-1": Subnets must not map public IPs',
    );
  });

  it("ignores advisory policy events", () => {
    const log = logWith({
      policyEvent: {
        message: "advice",
        color: "never",
        policyName: "p",
        policyPackName: "pack",
        policyPackVersion: "1",
        policyPackVersionTag: "v1",
        enforcementLevel: "warning",
      },
    });
    expect(classifyFailure(commandError("error: preview failed"), log, ctx)).not.toMatch(/policy/);
  });

  it("names the failing resource and its error", () => {
    const log = logWith(
      diag(
        "error: 1 error occurred:\n\t* creating EC2 Subnet: InvalidSubnet.Range: The CIDR '10.0.0.0/8' is invalid.",
        SUBNET,
      ),
      {
        resOpFailedEvent: {
          metadata: { op: "create", urn: SUBNET, type: "aws:ec2/subnet:Subnet", provider: "" },
          status: 1,
          steps: 1,
        },
      },
      diag("error: update failed", STACK),
    );
    expect(classifyFailure(commandError("error: update failed"), log, { ...ctx, action: "up" })).toBe(
      "up failed on aws:ec2/subnet:Subnet \"deep-insight-private-1\": creating EC2 Subnet: InvalidSubnet.Range: The CIDR '10.0.0.0/8' is invalid.",
    );
  });

  it("names the failed resource even without a resource diagnostic", () => {
    const log = logWith({
      resOpFailedEvent: {
        metadata: { op: "update", urn: SUBNET, type: "aws:ec2/subnet:Subnet", provider: "" },
        status: 1,
        steps: 1,
      },
    });
    expect(classifyFailure(commandError("error: update failed"), log, ctx)).toBe(
      'preview failed on aws:ec2/subnet:Subnet "deep-insight-private-1"',
    );
  });

  it("reports a program error (e.g. config validation at preview) with its message", () => {
    const log = logWith(
      diag(
        "error: Running program failed: Error: AZ ID use1-az6 is not supported by AgentCore in us-east-1 (supported: use1-az1, use1-az2, use1-az4)",
        STACK,
      ),
      diag("error: preview failed", STACK),
    );
    expect(classifyFailure(commandError("error: preview failed"), log, ctx)).toBe(
      "the Pulumi program failed during preview: Running program failed: Error: AZ ID use1-az6 is not supported by AgentCore in us-east-1 (supported: use1-az1, use1-az2, use1-az4)",
    );
  });

  it("lists what would change for --expect-no-changes", () => {
    const pre = (op: string, urn: string): Partial<EngineEvent> => ({
      resourcePreEvent: { metadata: { op: op as "update", urn, type: "", provider: "" } },
    });
    const log = logWith(pre("same", STACK), pre("update", SUBNET), pre("update", SUBNET));
    expect(
      classifyFailure(commandError("error: no changes were expected but changes were proposed"), log, ctx),
    ).toBe('drift: stack dev has 1 pending change(s): update aws:ec2/subnet:Subnet "deep-insight-private-1"');
  });

  it.each([
    [
      commandError("error: the stack is currently locked by 1 lock(s)", "ConcurrentUpdateError"),
      /is locked by another update/,
    ],
    [
      commandError("error: incorrect passphrase, please set PULUMI_CONFIG_PASSPHRASE"),
      /does not decrypt stack dev/,
    ],
    [
      commandError("error: passphrase must be set with PULUMI_CONFIG_PASSPHRASE"),
      /needs PULUMI_CONFIG_PASSPHRASE/,
    ],
    [
      commandError("error: no stack named 'dev' found", "StackNotFoundError"),
      /stack dev does not exist in file:\/\/\/repo/,
    ],
    [commandError("error: No valid credential sources found for AWS Provider."), /no AWS credentials found/],
    [
      commandError("error: ExpiredToken: The security token included in the request is expired"),
      /have expired/,
    ],
  ])("maps %s", (err, expected) => {
    expect(classifyFailure(err, createEventLog(), ctx)).toMatch(expected);
  });

  it("falls back to the first line of the CLI's stderr", () => {
    expect(classifyFailure(commandError("error: something odd\nsecond line"), createEventLog(), ctx)).toBe(
      "preview failed: something odd",
    );
  });

  it("keeps the reason to one line of bounded length", () => {
    const reason = classifyFailure(new OperatorError(`a\nb ${"x".repeat(1000)}`), undefined, ctx);
    expect(reason).not.toContain("\n");
    expect(reason.length).toBeLessThanOrEqual(400);
  });
});
