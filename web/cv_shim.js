// The kit's Deno-side OpenCV loader is not used in the page: the page loads vendor/opencv.js itself, after
// tasks-vision (loading OpenCV.js first hangs MediaPipe's wasm start-up). This module only satisfies its import.
export default globalThis.cv ?? {};
