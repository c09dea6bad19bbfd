/**
 * X.3 `REVIEW_PROFILE=1` (src/tools/review/profile.ts): each phase's wall and CPU time on
 * stderr; without it, nothing is printed (the review's output stays as it was).
 */
import { mark, printProfile, profileMarks } from "../../../src/tools/review/profile";

const saved = process.env.REVIEW_PROFILE;
afterEach(() => {
  if (saved === undefined) delete process.env.REVIEW_PROFILE;
  else process.env.REVIEW_PROFILE = saved;
});

test("X.3 marks record increasing wall and CPU times, in order", () => {
  const before = profileMarks().length;
  mark("first phase");
  let spin = 0;
  for (let i = 0; i < 2_000_000; i++) spin += i % 7;
  expect(spin).toBeGreaterThan(0);
  mark("second phase");
  const added = profileMarks().slice(before);
  expect(added.map((m) => m.label)).toEqual(["first phase", "second phase"]);
  expect(added[1]!.wall).toBeGreaterThanOrEqual(added[0]!.wall);
  expect(added[1]!.cpu).toBeGreaterThan(added[0]!.cpu);
});

test("X.3 printed only with REVIEW_PROFILE=1, one line per phase with its own wall and CPU", () => {
  mark("printed phase");
  const lines: string[] = [];
  delete process.env.REVIEW_PROFILE;
  printProfile((l) => lines.push(l));
  expect(lines).toEqual([]);
  process.env.REVIEW_PROFILE = "1";
  printProfile((l) => lines.push(l));
  expect(lines).toHaveLength(profileMarks().length);
  expect(lines[lines.length - 1]).toMatch(/^review profile: printed phase +at \d+\.\d\d s {2}\+\d+\.\d\d s wall {2}\+\d+\.\d\d s cpu$/);
});
