import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { openVideos } from "../../../lib/data/adapters/video.ts";
import { OFFICIAL_HEADER } from "../../../lib/data/official_csv.ts";
import { encodeGrayPng } from "../../../lib/io/image.ts";
import { rejectsWith, tmpDir } from "./_fixtures.ts";

const hasFfmpeg = await new Deno.Command("ffmpeg", { args: ["-version"], stdout: "null", stderr: "null" }).output()
  .then((o) => o.success, () => false);

/** Encodes 6 grey 16×16 frames (levels 0, 40, …) losslessly (FFV1) at 25 fps into `file`. */
async function makeVideo(file: string) {
  const dir = await tmpDir();
  for (let i = 0; i < 6; i++) {
    await Deno.writeFile(
      `${dir}/${i}.png`,
      encodeGrayPng({ width: 16, height: 16, data: new Uint8Array(256).fill(40 * i) }),
    );
  }
  const args = ["-v", "error", "-framerate", "25", "-i", `${dir}/%d.png`, "-c:v", "ffv1", "-pix_fmt", "gray", file];
  const out = await new Deno.Command("ffmpeg", { args, stdout: "null", stderr: "piped" }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
}

Deno.test({
  name: "openVideos() decodes through ffmpeg into a reused cache, with fps from ffprobe and CSV events",
  ignore: !hasFfmpeg,
  fn: async () => {
    const root = await tmpDir();
    await makeVideo(`${root}/clip.mkv`);
    await Deno.writeTextFile(`${root}/a.csv`, `${OFFICIAL_HEADER}\nme,clip,1,2,3,2,AU12\n`);
    const opts = { cache: `${root}/cache`, annotations: `${root}/a.csv` };
    const ds = await openVideos(`${root}/clip.mkv`, opts);
    assertEquals(ds.videos.map((v) => [v.subject, v.video, v.frameCount, v.fps]), [["me", "clip", 6, 25]]);
    assertEquals(ds.videos[0].events, [{ type: "ME", onset: 1, apex: 2, offset: 3, au: "AU12" }]);
    const src = ds.frames(ds.videos[0]);
    assertEquals([(await src.read(0)).data[0], (await src.read(5)).data[0]], [0, 200]);
    const cached = [...Deno.readDirSync(`${root}/cache`)].map((e) => e.name);
    assertEquals(cached.length, 1);
    const again = await openVideos(root, opts);
    assertEquals(again.frames(again.videos[0]).describe(0), src.describe(0));
    assertEquals([...Deno.readDirSync(`${root}/cache`)].length, 1);
  },
});

Deno.test("openVideos() says how to install a missing ffmpeg", async () => {
  const root = await tmpDir();
  await Deno.writeFile(`${root}/a.mp4`, new Uint8Array(10));
  await rejectsWith(
    () => openVideos(root, { ffmpeg: `${root}/bin/ffmpeg`, cache: `${root}/cache` }),
    `video: ${root}/bin/ffmpeg not found; install it with apt-get install ffmpeg`,
  );
});

Deno.test({
  name: "openVideos() rejects an empty video file, a folder without videos and a missing path",
  ignore: !hasFfmpeg,
  fn: async () => {
    const root = await tmpDir();
    await rejectsWith(
      () => openVideos(root),
      `video: no video files (${"\\.(mp4|avi|mov|mkv|webm|m4v|mpe?g)$"}) in ${root}`,
    );
    await rejectsWith(
      () => openVideos(`${root}/x.mp4`),
      `video: ${root}/x.mp4 does not exist; give a video file or a folder of videos`,
    );
    await Deno.writeFile(`${root}/empty.mp4`, new Uint8Array(0));
    await rejectsWith(
      () => openVideos(root, { cache: `${root}/cache` }),
      `video: ffmpeg failed on ${root}/empty.mp4: `,
      true,
    );
  },
});
