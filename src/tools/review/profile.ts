/**
 * Phase timings of `npm run review`, printed to stderr when `REVIEW_PROFILE=1`
 * (wall seconds since the process started, and this process's CPU seconds).
 * Off by default: {@link mark} then only records, and nothing is printed.
 */

/** One recorded phase end. */
export interface ProfileMark {
  /** What just finished. */
  readonly label: string;
  /** Wall seconds since the process started. */
  readonly wall: number;
  /** CPU seconds (user + system) of this process so far. */
  readonly cpu: number;
}

const marks: ProfileMark[] = [];

/** Whether profiling output is on (`REVIEW_PROFILE=1`). */
export const profiling = (): boolean => process.env.REVIEW_PROFILE === "1";

/** Record that `label` just finished. */
export function mark(label: string): void {
  const c = process.cpuUsage();
  marks.push({ label, wall: process.uptime(), cpu: (c.user + c.system) / 1e6 });
}

/** The marks so far. */
export function profileMarks(): readonly ProfileMark[] {
  return marks;
}

/** Print the marks to stderr (only when profiling), one line per phase with its own wall and CPU. */
export function printProfile(write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
  if (!profiling()) return;
  let previous: ProfileMark = { label: "", wall: 0, cpu: 0 };
  for (const m of marks) {
    write(`review profile: ${m.label.padEnd(40)} at ${m.wall.toFixed(2)} s  +${(m.wall - previous.wall).toFixed(2)} s wall  +${(m.cpu - previous.cpu).toFixed(2)} s cpu`);
    previous = m;
  }
}
