/**
 * Media and Apple keys: play/pause, volume, next track, mute, Mission Control. They are key
 * names like any other (`press("MediaPlayPause")`, `press("MissionControl")`); the `media`
 * helpers press the same keys.
 *
 * Run it with `deno task dextkit run recipes/media_keys.ts --device sim`; on a Mac it really
 * changes the volume.
 *
 * @module
 */
import { recipe } from "../mod.ts";

await recipe({ delay: 50 }, async ({ keyboard, media, wait }) => {
  await media.playPause();
  await wait(1000);
  await media.volumeUp();
  await media.volumeUp();
  await keyboard.press("MediaTrackNext");
  await media.mute();
  await wait(500);
  await media.mute();
  await keyboard.press("MissionControl");
  await wait(800);
  await keyboard.press("Escape");
});
