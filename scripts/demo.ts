/**
 * `deno task demo`: types a short greeting into the simulated macOS host and shows the key
 * timeline and the text the host received, with the default keyboard-like timing (every key
 * held 10 ms, 10 ms between strokes, reports at least 1 ms apart). It is `dextkit type` on the
 * `sim` device.
 *
 * @module
 */
import { main } from "../lib/cli/main.ts";

const greeting = "Hello from dextkit!";
Deno.exit(await main(["type", greeting, "--device", "sim"]));
