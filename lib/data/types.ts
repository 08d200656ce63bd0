/**
 * Core data types shared by every module: expression events, videos, frame sources and features.
 * Frame indices are always 0-based indices of the frames as the kit reads them, unless a field says otherwise.
 *
 * @module
 */
import type { GrayFrame } from "../io/image.ts";

/** Expression type: micro (ME) or macro (MaE). Official `type_idx`: 1 = MaE, 2 = ME. */
export type ExpressionType = "ME" | "MaE";

/** One annotated (or predicted) expression interval, inclusive frame indices. */
export interface ExpressionEvent {
  type: ExpressionType;
  onset: number;
  apex: number;
  offset: number;
  /** FACS action units as written in the annotation, if any. */
  au?: string;
}

/** Irrelevant motion kept as labelled negative (eye blink, head turn, non-expression mouth movement). Not scored. */
export interface IrrelevantEvent {
  kind: "blink" | "head" | "mouth";
  onset: number;
  offset: number;
}

/** A grey-scale frame (defined with the image I/O, lib/io/image.ts). */
export type { GrayFrame };

/**
 * Random access to the frames of one video. Implementations stream from disk; callers must not
 * assume every frame is held in memory.
 */
export interface FrameSource {
  /** Number of frames. */
  readonly length: number;
  /** Reads frame `i` (0-based) as grey-scale. Throws an Error naming the file when it cannot. */
  read(i: number): Promise<GrayFrame>;
  /** Human-readable path of frame `i` (for messages). */
  describe(i: number): string;
  /**
   * Image file of every frame, when the source is a list of files (gaps already filled, so a path may
   * repeat). Lets worker threads reopen the same frames without shared state.
   */
  readonly paths?: readonly string[];
}

/** 68 iBUG landmarks for one frame: `[x0, y0, x1, y1, …, x67, y67]` in pixels. */
export type Landmarks68 = Float32Array;

/** One video of a dataset. */
export interface VideoRecord {
  /** Subject id as in the annotation (e.g. `samm_006`, `s15`, `synth_01`). */
  subject: string;
  /** Video id as in the annotation (e.g. `samm_006_1`). */
  video: string;
  /** Frame rate of the frames as read (after any subsampling). */
  fps: number;
  /** Number of frames as read. */
  frameCount: number;
  /** Annotated expressions, 0-based indices of the frames as read. */
  events: ExpressionEvent[];
  /** Labelled irrelevant motion (not scored), if the dataset has it. */
  irrelevant?: IrrelevantEvent[];
  /**
   * Maps a frame index as read back to the original frame number of the dataset (for MEGC-comparable
   * scoring and exports). Identity when absent.
   */
  originalFrame?: (i: number) => number;
}

/**
 * SW-MRO features of one video: `data` is float32 of shape `(N, w, R, 2)` row-major,
 * N frames, window w, R ROIs, (x, y) flow.
 */
export interface FeatureArray {
  data: Float32Array;
  shape: [number, number, number, 2];
}

/** A dataset opened by an adapter: its videos, their frames and (for synthetic data) exact landmarks. */
export interface Dataset {
  /** Adapter name (`synth`, `samm-lv`, `casme2`, …). */
  name: string;
  /** Root folder as given by the user. */
  root: string;
  /**
   * Resolved adapter options the dataset was opened with (e.g. SAMM-LV's `step`, `fps`): with `name`, the identity of
   * its frame grid, recorded in feature sidecars and run manifests. Set by `openDataset`.
   */
  options?: Readonly<Record<string, unknown>>;
  /** Every video with its annotations. */
  videos: VideoRecord[];
  /** Frames of a video, streamed from disk. */
  frames(video: VideoRecord): FrameSource;
  /** Exact per-frame landmarks when the dataset has them (SynthFace); otherwise a provider detects them. */
  landmarks?(video: VideoRecord): Promise<Landmarks68[]>;
  /** Precomputed `(N, w, R, 2)` features when the dataset ships them (official `.npy`); then `frames` may throw. */
  features?(video: VideoRecord): Promise<FeatureArray>;
  /** Repairs made while reading (file/row and what was done). */
  warnings: string[];
}
