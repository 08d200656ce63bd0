import { assertEquals, assertRejects, assertThrows } from "../eval/_assert.ts";
import { formatProbsFile, parseProbsFile, readProbsFile } from "../../lib/eval/mod.ts";

const ROW = [0.1, 0.2, 0.7, 0.3, 0.3, 0.4, 0.9, 0.5, 0.0, 1.0];

Deno.test("parseProbsFile() reads videos as T×10 float32 and formatProbsFile() writes them back", () => {
  const text = JSON.stringify({
    videos: { v1: { subject: "s1", probs: [ROW, ROW] }, v2: { subject: "s2", probs: [] } },
  });
  const videos = parseProbsFile(text);
  assertEquals(videos.map((v) => [v.video, v.subject, v.T, v.probs.length]), [["v1", "s1", 2, 20], ["v2", "s2", 0, 0]]);
  assertEquals(videos[0].probs[16], Math.fround(0.9));
  assertEquals(parseProbsFile(formatProbsFile(videos)), videos);
});

Deno.test("parseProbsFile() rejects malformed files with a message naming the place", () => {
  assertThrows(() => parseProbsFile("{", "p.json"), Error, "p.json: not valid JSON");
  assertThrows(() => parseProbsFile('{"v": 1}', "p.json"), Error, 'p.json: expected {"videos"');
  assertThrows(
    () => parseProbsFile('{"videos": {"a": {"probs": []}}}', "p.json"),
    Error,
    'video "a": "subject" must be a string',
  );
  const short = JSON.stringify({ videos: { a: { subject: "s", probs: [ROW, ROW.slice(0, 9)] } } });
  assertThrows(() => parseProbsFile(short, "p.json"), Error, 'p.json: video "a" frame 1: expected 10 probabilities');
  const bad = JSON.stringify({ videos: { a: { subject: "s", probs: [[...ROW.slice(0, 9), 1.5]] } } });
  assertThrows(
    () => parseProbsFile(bad, "p.json"),
    Error,
    'video "a" frame 0 column 9: expected a probability in [0, 1], got 1.5',
  );
  const nul = '{"videos": {"a": {"subject": "s", "probs": [[0,0,0,0,0,0,0,0,0,null]]}}}';
  assertThrows(() => parseProbsFile(nul, "p.json"), Error, "got null");
});

Deno.test("readProbsFile() names a missing file", async () => {
  await assertRejects(
    () => readProbsFile("/nonexistent/p.json"),
    Error,
    "cannot read probabilities file /nonexistent/p.json",
  );
});
