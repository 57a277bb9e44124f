/**
 * Entry point of the `dextkit` command (`deno task dextkit …`).
 *
 * @module
 */
import { main } from "../lib/cli/main.ts";

Deno.exit(await main(Deno.args));
