import { writeFileSync } from "node:fs";
import { salesCsv } from "./sales";

/** Usage: npm run -w executor generate-sales -- out.csv   (no argument: write to stdout) */
const out = process.argv[2];
const csv = salesCsv();
if (out) {
  writeFileSync(out, csv);
  console.error(`wrote ${csv.split("\n").length - 2} rows to ${out}`);
} else {
  process.stdout.write(csv);
}
