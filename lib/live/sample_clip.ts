/**
 * The live tests' and benchmark's clip: face-api's sample photo (shipped in node_modules, so nothing is downloaded)
 * with its 68 landmarks from the kit's face-api provider, animated by {@link makePhotoClip}.
 *
 * @module
 */
import { readGrayImage } from "../io/image.ts";
import { createFaceApiProvider } from "../landmarks/face_api.ts";
import { makePhotoClip, type PhotoClip, type PhotoClipOptions } from "./photo_clip.ts";

/** Default photo: `@vladmandic/face-api/demo/sample1.jpg` (one large face). */
export const SAMPLE_PHOTO =
  new URL("../../node_modules/@vladmandic/face-api/demo/sample1.jpg", import.meta.url).pathname;

/** Builds the clip from `photo` (default {@link SAMPLE_PHOTO}); throws when face-api finds no face in it. */
export async function makeSampleClip(
  options: Partial<PhotoClipOptions> = {},
  photo = SAMPLE_PHOTO,
): Promise<PhotoClip> {
  const image = await readGrayImage(photo);
  const provider = await createFaceApiProvider();
  try {
    const landmarks = await provider.detect(image);
    if (!landmarks) throw new Error(`${photo}: face-api finds no face; pick a photo with one large frontal face`);
    return await makePhotoClip(image, landmarks, options);
  } finally {
    await provider.dispose?.();
  }
}
