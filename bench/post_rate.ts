/**
 * What the post benchmarks share: the best rate of a synchronous post loop with its heap growth
 * per report, and the C baseline each compares against (built on demand, run as a child that
 * prints `{"reportsPerSecond": N}`).
 *
 * @module
 */
import { fileURLToPath } from "node:url";

/** The repository root, with a trailing slash. */
export const ROOT: string = fileURLToPath(new URL("..", import.meta.url));

/** A loop that posts `count` reports. */
export type PostLoop = (count: number) => void;

/** How many rounds of how many reports; how many reports one heap probe posts. */
export interface PostRateSettings {
  readonly rounds: number;
  readonly reportsPerRound: number;
  readonly probeReports: number;
}

/** The best rate over the rounds, and the heap growth per report. */
export interface PostRate {
  readonly reportsPerSecond: number;
  readonly heapBytesPerReport: number;
}

/**
 * Measures a post loop: a warm-up, the best of the rounds, then the heap growth.
 *
 * @param loop The loop.
 * @param settings Rounds and sizes.
 * @returns Reports per second and heap bytes per report.
 */
export function measurePostRate(loop: PostLoop, settings: PostRateSettings): PostRate {
  loop(settings.reportsPerRound / 5);
  let best = 0;
  for (let round = 0; round < settings.rounds; round++) {
    const start = performance.now();
    loop(settings.reportsPerRound);
    best = Math.max(best, settings.reportsPerRound / ((performance.now() - start) / 1000));
  }
  return { reportsPerSecond: best, heapBytesPerReport: heapGrowthPerReport(loop, settings) };
}

// Heap growth over short runs, too short for a garbage collection to hide an allocation per
// report (10,000 reports of even 16 bytes would show as 160 kB); the median of several probes.
function heapGrowthPerReport(loop: PostLoop, settings: PostRateSettings): number {
  const probes: number[] = [];
  for (let probe = 0; probe < 7; probe++) {
    const before = Deno.memoryUsage().heapUsed;
    loop(settings.probeReports);
    probes.push((Deno.memoryUsage().heapUsed - before) / settings.probeReports);
  }
  probes.sort((a, b) => a - b);
  return Math.max(0, probes[3] ?? 0);
}

/**
 * Builds a C baseline unless its binary is newer than its source.
 *
 * @param source The C file, relative to the root.
 * @param binary The binary, relative to the root.
 * @param libraries Extra linker arguments (`-ldl`).
 * @returns The binary's absolute path.
 */
export async function buildCBaseline(
  source: string,
  binary: string,
  libraries: readonly string[] = [],
): Promise<string> {
  const path = `${ROOT}${binary}`;
  const [sourceInfo, output] = await Promise.all([
    Deno.stat(`${ROOT}${source}`),
    Deno.stat(path).catch(() => undefined),
  ]);
  if (
    output?.mtime !== null && output !== undefined && sourceInfo.mtime !== null &&
    output.mtime >= sourceInfo.mtime
  ) {
    return path;
  }
  await Deno.mkdir(`${ROOT}bench/build`, { recursive: true });
  const compiler = Deno.env.get("CC") ?? "cc";
  const result = await new Deno.Command(compiler, {
    args: ["-std=c11", "-O2", "-Wall", "-Wextra", "-Werror", source, "-o", binary, ...libraries],
    cwd: ROOT,
  }).output();
  if (!result.success) {
    throw new Error(
      `${compiler} could not build ${binary}:\n${new TextDecoder().decode(result.stderr)}`,
    );
  }
  return path;
}

/**
 * Runs a C baseline `rounds` times and returns its best rate.
 *
 * @param binary The baseline.
 * @param options Its arguments and environment, and how many rounds.
 * @returns The best reports per second it printed.
 */
export async function measureCBaseline(
  binary: string,
  options: { readonly args: string[]; readonly rounds: number; readonly clearEnv?: boolean },
): Promise<number> {
  let best = 0;
  for (let round = 0; round < options.rounds; round++) {
    const result = await new Deno.Command(binary, {
      args: options.args,
      clearEnv: options.clearEnv ?? false,
    }).output();
    if (!result.success) {
      throw new Error(`the C baseline failed:\n${new TextDecoder().decode(result.stderr)}`);
    }
    const line = JSON.parse(new TextDecoder().decode(result.stdout)) as {
      reportsPerSecond: number;
    };
    best = Math.max(best, line.reportsPerSecond);
  }
  return best;
}
