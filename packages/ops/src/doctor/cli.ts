/**
 * Entry point: `npm run doctor -- <stack> [--invoke] [--region <r>] [--outputs-file <json>]`.
 * Wires real AWS SDK v3 clients, the Pulumi engine and the component package's AZ and endpoint tables.
 */
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import { BedrockAgentCoreClient } from "@aws-sdk/client-bedrock-agentcore";
import { BedrockAgentCoreControlClient } from "@aws-sdk/client-bedrock-agentcore-control";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { ECSClient } from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { IAMClient } from "@aws-sdk/client-iam";
import { CORE_INTERFACE_ENDPOINTS, SUPPORTED_AZ_IDS } from "agentcore-vpc-platform";
import { createStsProbe } from "../aws/identity";
import { runCli } from "../cli/run-cli";
import { askSecret } from "../cli/terminal";
import { isCI } from "../environment";
import { locateProjectRoot } from "../project/root";
import { createPulumiEngine } from "../pulumi/automation-engine";
import { DOCTOR_USAGE, parseDoctorArgs } from "./args";
import { runDoctorCommand } from "./command";
import type { DoctorClients } from "./types";

function makeClients(region: string): DoctorClients {
  return {
    control: new BedrockAgentCoreControlClient({ region }),
    data: new BedrockAgentCoreClient({ region }),
    ec2: new EC2Client({ region }),
    ecs: new ECSClient({ region }),
    elbv2: new ElasticLoadBalancingV2Client({ region }),
    logs: new CloudWatchLogsClient({ region }),
    iam: new IAMClient({ region }),
  };
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseDoctorArgs(argv);
  if (parsed.kind === "help") {
    process.stdout.write(`${DOCTOR_USAGE}\n`);
    return 0;
  }
  if (parsed.kind === "error") {
    process.stderr.write(`doctor: ${parsed.message}\n\n${DOCTOR_USAGE}\n`);
    return 2;
  }
  return runDoctorCommand(parsed.args, {
    engine: createPulumiEngine(),
    identity: createStsProbe(),
    makeClients,
    supportedAzIds: (region) => SUPPORTED_AZ_IDS[region],
    interfaceEndpoints: CORE_INTERFACE_ENDPOINTS,
    now: () => Date.now(),
    newSessionId: () => `doctor-${randomUUID()}`,
    readFile: (file) => fs.readFileSync(file, "utf8"),
    askSecret,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY) && !isCI(process.env),
    env: process.env,
    projectRoot: locateProjectRoot(process.cwd(), __dirname, fs.existsSync),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}

void runCli("doctor", () => main(process.argv.slice(2)));
