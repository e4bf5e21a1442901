// The entry point Pulumi runs (Pulumi.yaml → stacks/ → package.json "main"). It checks that the packages the
// program uses are built and current before the program is compiled: compiling it needs them, and without this
// a fresh or stale checkout would fail with a missing module, or deploy old code, instead of naming the fix.
import "./build-check";

// Pulumi awaits a program that exports a function, and takes the outputs it resolves to.
export = async () => (await import("./program")).outputs;
