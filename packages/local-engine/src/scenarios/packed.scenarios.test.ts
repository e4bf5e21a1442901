/**
 * The five scenarios for a program outside the repository that installed the packed contract and
 * component tarballs and builds the component's default build contexts.
 */
import * as path from "node:path";
import { PACKED_PROGRAM_STACK_NAME, packedProgram } from "./packed-program";
import { scenarioSuite } from "./scenario-suite";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..", "..");

scenarioSuite(PACKED_PROGRAM_STACK_NAME, () => packedProgram(REPO_ROOT), { label: "packed" });
