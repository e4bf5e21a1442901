// Copied by the packaging test into a program outside the repository that installed the packed packages, and run
// from there against what `npm install` put there: evaluates the component as that program builds it, under the
// package's own mocks, then runs every dynamic resource's serialized provider the way Pulumi's provider host does
// (loaded from its text, requiring from this folder) against local fakes.
// Usage: node consumer-check.js <result.json> [<previous result.json>]
const fs = require("node:fs");
const { AgentCoreVpcPlatform } = require("agentcore-vpc-platform");
const testing = require("agentcore-vpc-platform/testing");

const [resultFile, previousFile] = process.argv.slice(2);

/** The mocks give resources ids like `<name>-id`; AgentCore accepts only real-looking subnet and group ids. */
function withAwsIds(inputs) {
  return {
    ...inputs,
    subnetIds: inputs.subnetIds.map((_, i) => `subnet-0aaaaaaaaaaaaaaa${i}`),
    securityGroupIds: inputs.securityGroupIds.map((_, i) => `sg-0bbbbbbbbbbbbbbb${i}`),
  };
}

async function evaluate() {
  const rec = await testing.mockAccount({ project: "consumer", stack: "dev" });
  // As the program's index.ts does: no agent/executor arguments, so the shipped reference apps are built.
  const { outputs } = new AgentCoreVpcPlatform("analytics", { runtimeName: "analytics_rt" });
  await rec.settle();
  const byType = {};
  for (const r of rec.resources) byType[r.type] = (byType[r.type] ?? 0) + 1;
  const one = (suffix) => rec.resources.find((r) => r.type.endsWith(suffix));
  return {
    resources: rec.resources.length,
    byType,
    outputs: Object.keys(outputs).sort(),
    runtime: one(":AgentCoreRuntime").inputs,
    marker: one(":SweepMarker").inputs,
    contexts: rec.resources
      .filter((r) => r.type === "docker:index/image:Image")
      .map((r) => r.inputs.build.context),
  };
}

async function runProviders(graph, previous) {
  const harness = await testing.startHarness();
  const ec2 = await testing.FakeEc2Endpoint.start();
  process.env.AWS_ENDPOINT_URL_EC2 = ec2.url;
  try {
    const runtimeInputs = withAwsIds(graph.runtime);
    const runtime = testing.loadSerializedProvider(runtimeInputs.__provider, process.cwd());
    const result = {};
    if (!previous) {
      const check = await runtime.check({}, runtimeInputs);
      const created = await runtime.create(check.inputs);
      const read = await runtime.read(created.id, created.outs);
      result.runtime = {
        failures: check.failures,
        id: created.id,
        status: created.outs.status,
        version: read.props.agentRuntimeVersion,
        operations: harness.fake.requests.map((r) => r.operation),
      };
    } else {
      // The state an earlier version of the package left: the runtime, stored with that version's provider.
      const before = withAwsIds(previous.runtime);
      const stored = await testing.loadSerializedProvider(before.__provider, process.cwd()).create(before);
      harness.fake.requests.length = 0;
      const state = { ...stored.outs, __provider: before.__provider };
      const diff = await runtime.diff(stored.id, state, runtimeInputs);
      const updated = await runtime.update(stored.id, state, runtimeInputs);
      result.upgrade = {
        diff,
        requests: harness.fake.requests.map((r) => r.operation),
        versionBefore: stored.outs.agentRuntimeVersion,
        versionAfter: updated.outs.agentRuntimeVersion,
      };
    }
    const marker = testing.loadSerializedProvider(graph.marker.__provider, process.cwd());
    const markerInputs = { ...withAwsIds(graph.marker), vpcId: "vpc-0ccccccccccccccc0" };
    const placed = await marker.create((await marker.check({}, markerInputs)).inputs);
    await marker.delete(placed.id, placed.outs);
    result.marker = { id: placed.id, tagCalls: ec2.tagCalls };
    return result;
  } finally {
    await ec2.stop();
    await harness.stop();
  }
}

async function main() {
  const graph = await evaluate();
  const previous = previousFile ? JSON.parse(fs.readFileSync(previousFile, "utf8")).graph : undefined;
  const providers = await runProviders(graph, previous);
  fs.writeFileSync(resultFile, JSON.stringify({ graph, providers }, null, 2));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
