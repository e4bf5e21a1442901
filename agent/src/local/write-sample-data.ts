import { writeFileSync } from "node:fs";
import { resolveUserPath } from "../paths.js";
import { salesCsv } from "./sample-data.js";

/** `npm run sample-data -- <file.csv>`: writes the sales dataset the scripted run was recorded on. */
const target = process.argv[2];
if (!target || target.startsWith("-")) {
  console.error("Usage: npm run sample-data -- <file.csv>   (e.g. sales.csv, written where you run npm)");
  process.exit(2);
}
const file = resolveUserPath(target);
const csv = await salesCsv();
writeFileSync(file, csv);
console.log(`wrote ${csv.trimEnd().split("\n").length - 1} rows to ${file}`);
