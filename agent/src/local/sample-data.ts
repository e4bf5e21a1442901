/**
 * The generated sales dataset (2,726 rows of Korean fresh-food sales) that the scripted model was recorded
 * on. Its generator lives in the executor package, which the agent image does not contain, so it is loaded
 * by a variable specifier that tsc leaves alone.
 */
export async function salesCsv(): Promise<string> {
  const executorPackage = "executor";
  const mod = (await import(executorPackage)) as {
    salesCsv?: () => string;
    default?: { salesCsv: () => string };
  };
  const generate = mod.salesCsv ?? mod.default?.salesCsv;
  if (!generate) throw new Error("the executor package has no salesCsv()");
  return generate();
}
