import assert from "node:assert/strict";
import { DextkitError } from "../lib/errors.ts";
import { fromChannelError, toChannelError } from "../lib/recipe/recipe_channel.ts";
import { RecipeError } from "../lib/recipe/recipe_errors.ts";
import { TimeLimitReached } from "../lib/recipe/scheduler.ts";

Deno.test("errors cross the recipe channel with their location, hint, exit code and kind", () => {
  const source = { file: "r.ts", line: 4, column: 9 };
  const located = new RecipeError('unknown key name "Entr"', { source, hint: "try Enter" });
  const crossed = fromChannelError(JSON.parse(JSON.stringify(toChannelError(located))));
  assert.ok(crossed instanceof RecipeError);
  assert.equal(crossed.message, 'r.ts:4:9: unknown key name "Entr"');
  assert.deepEqual([crossed.source, crossed.hint, crossed.exitCode], [source, "try Enter", 2]);

  // A dry run's bound stays a bound even wrapped in a located error.
  const bound = RecipeError.locate(new TimeLimitReached(5000), source);
  const back = fromChannelError(toChannelError(bound));
  assert.ok(back instanceof TimeLimitReached);
  assert.equal(back.limitMs, 5000);

  const plain = fromChannelError(toChannelError(new TypeError("boom")));
  assert.ok(plain instanceof DextkitError && !(plain instanceof RecipeError));
  assert.equal(plain.message, "TypeError: boom");
  assert.equal(plain.exitCode, 1);
});
