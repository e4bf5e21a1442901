import {
  DEFAULT_CONTAINER_CAPABILITIES,
  EXECUTOR_CAPABILITIES,
  EXECUTOR_ADDED_CAPABILITIES,
  EXECUTOR_CONTAINER_USER,
  EXECUTOR_DROPPED_CAPABILITIES,
} from "agentcore-vpc-platform-contract";
import { beforeAll, describe, expect, it } from "vitest";
import { runPolicy } from "../testing/args";
import { expectViolations } from "../testing/expect-violations";
import type { ResourceGraph } from "../testing/graph";
import { changeContainers, changeProps, find } from "../testing/mutate";
import { recordStackGraph } from "../testing/stacks";
import {
  keptCapabilities,
  rootContainerFindings,
  rootContainersDropCapabilities,
  runsAsRoot,
} from "./root-containers";

const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";

/** The executor container as the contract describes it: root, every capability it does not need dropped. */
const contractExecutor = {
  user: EXECUTOR_CONTAINER_USER,
  linuxParameters: {
    capabilities: { drop: [...EXECUTOR_DROPPED_CAPABILITIES], add: [...EXECUTOR_ADDED_CAPABILITIES] },
  },
};

describe("runsAsRoot", () => {
  it.each(["0", "0:0", "root", "root:root", "00:1000", "0:10001", ":0", undefined])("%s is root", (user) => {
    expect(runsAsRoot(user)).toBe(true);
  });
  it.each(["10001:10001", "10001", "executor", "1000:0"])("%s is not", (user) => {
    expect(runsAsRoot(user)).toBe(false);
  });
});

describe("keptCapabilities", () => {
  it("is Docker's default set less what is dropped, plus what is added", () => {
    expect(keptCapabilities({})).toEqual([...DEFAULT_CONTAINER_CAPABILITIES]);
    expect(keptCapabilities(contractExecutor).sort()).toEqual(
      [...EXECUTOR_CAPABILITIES, ...EXECUTOR_ADDED_CAPABILITIES].sort(),
    );
    expect(
      keptCapabilities({ linuxParameters: { capabilities: { drop: ["ALL"], add: ["CAP_SYS_PTRACE"] } } }),
    ).toEqual(["SYS_PTRACE"]);
  });
});

describe("rootContainerFindings", () => {
  it("accepts the executor as the contract defines it, and any non-root container", () => {
    expect(rootContainerFindings(contractExecutor, "container")).toEqual([]);
    expect(rootContainerFindings({ user: "10001:10001" }, "container")).toEqual([]);
    expect(
      rootContainerFindings({ user: "0:0", linuxParameters: { capabilities: { drop: ["ALL"] } } }, "c"),
    ).toEqual([]);
  });

  it("rejects a root container that keeps more, and any privileged container", () => {
    const keepsRaw = {
      ...contractExecutor,
      linuxParameters: {
        capabilities: {
          drop: EXECUTOR_DROPPED_CAPABILITIES.filter((c) => c !== "NET_RAW"),
          add: ["SYS_PTRACE"],
        },
      },
    };
    expect(rootContainerFindings(keepsRaw, "c")[0]?.problem).toMatch(/keeps the capabilities NET_RAW$/);
    expect(rootContainerFindings({ user: "10001:10001", privileged: true }, "c")[0]?.problem).toBe(
      "c is privileged",
    );
  });
});

describe("root-containers-drop-capabilities on dev graphs", () => {
  let graph: ResourceGraph;
  beforeAll(async () => {
    graph = await recordStackGraph("dev", false);
  });

  it("accepts the executor as the component defines it: root, with the contract's capabilities dropped", async () => {
    const taskDefinition = find(graph, TASK_DEFINITION);
    const [executor] = JSON.parse(String(taskDefinition.inputs["containerDefinitions"])) as Record<
      string,
      unknown
    >[];
    expect(executor).toMatchObject(contractExecutor);
    expect(await runPolicy(rootContainersDropCapabilities, graph)).toEqual([]);
  });

  it("fires on the executor running as root with nothing dropped", async () => {
    const taskDefinition = find(graph, TASK_DEFINITION);
    const broken = changeContainers(graph, taskDefinition, (containers) =>
      containers.map(({ linuxParameters: _dropped, ...c }) => ({ ...c, user: "0:0" })),
    );
    const [message] = expectViolations(
      await runPolicy(rootContainersDropCapabilities, broken),
      taskDefinition,
      {
        problem: `container "executor" runs as user "0:0" and keeps the capabilities ${EXECUTOR_DROPPED_CAPABILITIES.join(", ")}`,
        fix: `drop ${JSON.stringify(EXECUTOR_DROPPED_CAPABILITIES)} (\`linuxParameters.capabilities\``,
      },
    );
    expect(message).toContain("or set a non-root `user`");
  });

  it("fires on a container that leaves the user to the image and drops nothing", async () => {
    const taskDefinition = find(graph, TASK_DEFINITION);
    const broken = changeContainers(graph, taskDefinition, (containers) =>
      containers.map(({ user: _user, linuxParameters: _dropped, ...c }) => c),
    );
    expectViolations(await runPolicy(rootContainersDropCapabilities, broken), taskDefinition, {
      problem: "runs as no `user` (the image's, possibly root)",
      fix: "linuxParameters.capabilities",
    });
  });

  it("fires on container definitions that are not JSON", async () => {
    const taskDefinition = find(graph, TASK_DEFINITION);
    const broken = changeProps(graph, taskDefinition, (props) => ({ ...props, containerDefinitions: "[{" }));
    expectViolations(await runPolicy(rootContainersDropCapabilities, broken), taskDefinition, {
      problem: "containerDefinitions is not valid JSON",
      fix: "JSON list",
    });
  });
});
