/** Registers cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, ...) and their types. */
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";

Testing.setupJest();

/**
 * Speed only, no change to what cdktf produces: cdktf captures a full stack
 * trace for every token it creates (~4,700 for one synthesis of the four
 * presets), only to quote it in the message of a token error; the traces never
 * reach the synthesized JSON. cdktf formats each trace at once, and under jest
 * formatting goes through jest's source-mapped `Error.prepareStackTrace`,
 * frame by frame: that was most of the time of a synthesis in a test (four
 * presets: 1.16 s with the traces formatted at creation, 0.43 s with them
 * formatted on demand; the unit suites in band: 49 s → 26 s). This wraps
 * cdktf's `captureStackTrace` so that the trace is captured exactly as cdktf
 * does (same frames, no depth limit) and formatted, the same way, the first
 * time anything reads it.
 */
{
  type Capture = (below?: Function) => string[];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const stackTrace = require("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace: Capture };
  const lazyCaptureStackTrace: Capture = (below) => {
    const holder: { stack?: string } = {};
    const previousLimit = Error.stackTraceLimit;
    try {
      Error.stackTraceLimit = Number.MAX_SAFE_INTEGER;
      Error.captureStackTrace(holder, below ?? lazyCaptureStackTrace);
    } finally {
      Error.stackTraceLimit = previousLimit;
    }
    let lines: string[] | undefined;
    // What cdktf's captureStackTrace returns, computed when first read.
    const trace = () => (lines ??= (holder.stack ?? "").split("\n").slice(1).map((s) => s.replace(/^\s*at\s+/, "")));
    return new Proxy<string[]>([], {
      get: (_, key) => {
        const value = Reflect.get(trace(), key);
        return typeof value === "function" ? value.bind(trace()) : value;
      },
      has: (_, key) => Reflect.has(trace(), key),
      ownKeys: () => Reflect.ownKeys(trace()),
      getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(trace(), key),
    });
  };
  stackTrace.captureStackTrace = lazyCaptureStackTrace;
}
