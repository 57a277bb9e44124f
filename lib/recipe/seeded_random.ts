/**
 * A small seeded pseudo-random generator (Mulberry32) for timing jitter, so a recipe played
 * twice with the same seed gets the same timeline, and a fresh random seed when none is given.
 *
 * @module
 */

/** The largest seed: seeds are unsigned 32-bit integers. */
export const MAX_SEED = 0xffff_ffff;

/**
 * Creates a generator of numbers in [0, 1) from a 32-bit seed (Mulberry32: one 32-bit state,
 * full period 2^32, good enough for jitter, not for cryptography).
 *
 * @param seed An integer in 0..{@linkcode MAX_SEED}.
 * @returns A function that returns the next number in [0, 1) on every call.
 *
 * @example The same seed gives the same sequence
 * ```ts
 * import { createSeededRandom } from "./seeded_random.ts";
 *
 * const a = createSeededRandom(42);
 * const b = createSeededRandom(42);
 * const first = a();
 * console.assert(first === b() && first >= 0 && first < 1);
 * ```
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

/**
 * A fresh seed from the system's cryptographic random source, for runs where the user gave none
 * (the dry run prints it, so the run can be repeated with `--seed`).
 *
 * @returns An integer in 0..{@linkcode MAX_SEED}.
 *
 * @example
 * ```ts
 * import { MAX_SEED, randomSeed } from "./seeded_random.ts";
 *
 * const seed = randomSeed();
 * console.assert(Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED);
 * ```
 */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] as number;
}
