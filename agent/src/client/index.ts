/**
 * What clients of the agent share (the invoke CLI, the web console): invoking a local or deployed agent,
 * uploading inputs, and reading run records, event logs and artifacts from the data bucket.
 */
export * from "./store.js";
export * from "./runs.js";
export * from "./targets.js";
export * from "./upload.js";
export * from "./stack-outputs.js";
export * from "./content-type.js";
