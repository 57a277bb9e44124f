/**
 * `deno task demo`: types a short greeting into the simulated macOS host and shows the key
 * timeline and the text the host received. It is `dextkit type` on the `sim` device.
 *
 * @module
 */
import { main } from "../lib/cli/main.ts";

const greeting = "Hello from dextkit!";
Deno.exit(await main(["type", greeting, "--device", "sim", "--delay", "4"]));
