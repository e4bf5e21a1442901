import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";

/**
 * Registers a tracer provider that keeps every finished span in memory, with the async context manager a
 * Node.js SDK registers (without it no span would know its parent across `await`). Global, as ADOT's is.
 */
export function recordSpans(): { exporter: InMemorySpanExporter; stop(): Promise<void> } {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  trace.setGlobalTracerProvider(provider);
  return {
    exporter,
    async stop() {
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}

export interface SpanNode {
  span: ReadableSpan;
  children: SpanNode[];
}

/** The finished spans as trees (roots are spans whose parent was not recorded), children in start order. */
export function spanTrees(spans: readonly ReadableSpan[]): SpanNode[] {
  const nodes = new Map(
    spans.map((span) => [span.spanContext().spanId, { span, children: [] as SpanNode[] }]),
  );
  const roots: SpanNode[] = [];
  const started = (a: SpanNode, b: SpanNode) =>
    a.span.startTime[0] - b.span.startTime[0] || a.span.startTime[1] - b.span.startTime[1];
  for (const node of nodes.values()) {
    const parent = node.span.parentSpanContext ? nodes.get(node.span.parentSpanContext.spanId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  for (const node of nodes.values()) node.children.sort(started);
  return roots.sort(started);
}

/** A tree as indented lines of span names (two spaces a level), for exact comparison and for reading. */
export function renderTree(node: SpanNode, depth = 0): string[] {
  return [
    `${"  ".repeat(depth)}${node.span.name}`,
    ...node.children.flatMap((c) => renderTree(c, depth + 1)),
  ];
}
