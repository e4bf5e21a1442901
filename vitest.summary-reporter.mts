import type { Reporter, SerializedError, TestModule } from "vitest/node";

/**
 * Ends the run with one plain line, `vitest: N passed, N failed, N skipped`: the closing line CI reads to
 * tell a run that executed tests from one that ran none (vitest's own summary is not in its list). Errors
 * outside any test (a failed hook or import, an unhandled rejection) count as failures and are named, since
 * the tests under a failed hook only show as skipped.
 */
export default class SummaryLineReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
  ): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    let errors = unhandledErrors.length;
    for (const module of testModules) {
      errors += module.errors().length;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") counts.passed += 1;
        else if (state === "failed") counts.failed += 1;
        else counts.skipped += 1;
      }
    }
    const outside = errors > 0 ? ` (${errors} of them errors outside tests)` : "";
    process.stdout.write(
      `\nvitest: ${counts.passed} passed, ${counts.failed + errors} failed${outside}, ${counts.skipped} skipped\n`,
    );
  }
}
