// SpotKit native flow: the OpenCV calls of SW-MRO extraction (Farneback, pyramid blur and resize, patch
// extraction) behind a C ABI for Deno FFI (lib/cv/native_flow.ts, lib/cv/native_cv.ts). Built by
// scripts/build_native.sh against Debian's libopencv-video-dev. Images and flow fields stay in the caller's
// memory (a wasm heap: no copies); every destination is allocated by the caller at its final size. OpenCV runs
// one thread (set at load), so values do not depend on the core count and each extraction worker keeps to its
// own core.
#include <cstdint>
#include <cstdio>
#include <opencv2/core.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

namespace {
thread_local char last_error[512] = {0};

cv::Mat view(const void* data, int32_t rows, int32_t cols, int32_t type, int32_t step) {
  return cv::Mat(rows, cols, type, const_cast<void*>(data), static_cast<size_t>(step));
}

// Runs f; returns 0, or -1 with OpenCV's message in last_error. Fails when OpenCV reallocated the destination
// (its size or type differed from what the caller allocated).
template <typename F>
int32_t guarded(const cv::Mat& dst, const void* want, F f) {
  try {
    f();
    if (dst.data != static_cast<const uchar*>(want)) {
      snprintf(last_error, sizeof last_error, "the destination was reallocated (size or type mismatch)");
      return -1;
    }
    return 0;
  } catch (const cv::Exception& e) {
    snprintf(last_error, sizeof last_error, "%s", e.what());
    return -1;
  }
}

struct OneThread {
  OneThread() { cv::setNumThreads(1); }
} one_thread;
}  // namespace

extern "C" {

// ABI version: lib/cv/native_flow.ts refuses a library built from another version of this file.
int32_t sk_abi_version() { return 2; }

// OpenCV's version string, e.g. "4.6.0".
const char* sk_opencv_version() { return CV_VERSION; }

// Sets OpenCV's thread count; returns the count in effect.
int32_t sk_set_threads(int32_t n) {
  cv::setNumThreads(n);
  return cv::getNumThreads();
}

// Message of the last failed call of this thread.
const char* sk_last_error() { return last_error; }

// calcOpticalFlowFarneback from 8-bit grey a to b (rows × cols, row stride step bytes) into flow (rows × cols × 2
// float32, row stride fstep bytes; read as the initial flow when flags has OPTFLOW_USE_INITIAL_FLOW).
int32_t sk_farneback(const uint8_t* a, const uint8_t* b, int32_t rows, int32_t cols, int32_t step, float* flow,
                     int32_t fstep, double pyr_scale, int32_t levels, int32_t winsize, int32_t iterations,
                     int32_t poly_n, double poly_sigma, int32_t flags) {
  cv::Mat A = view(a, rows, cols, CV_8UC1, step), B = view(b, rows, cols, CV_8UC1, step);
  cv::Mat F = view(flow, rows, cols, CV_32FC2, fstep);
  return guarded(F, flow, [&] {
    cv::calcOpticalFlowFarneback(A, B, F, pyr_scale, levels, winsize, iterations, poly_n, poly_sigma, flags);
  });
}

// GaussianBlur(src → dst, (ksize, ksize), sigma, sigma, border); same size and type.
int32_t sk_gaussian_blur(const void* src, void* dst, int32_t rows, int32_t cols, int32_t type, int32_t sstep,
                         int32_t dstep, int32_t ksize, double sigma, int32_t border) {
  cv::Mat S = view(src, rows, cols, type, sstep), D = view(dst, rows, cols, type, dstep);
  return guarded(D, dst, [&] { cv::GaussianBlur(S, D, cv::Size(ksize, ksize), sigma, sigma, border); });
}

// resize(src → dst of drows × dcols, fx = fy = 0, interpolation).
int32_t sk_resize(const void* src, int32_t srows, int32_t scols, int32_t sstep, void* dst, int32_t drows,
                  int32_t dcols, int32_t dstep, int32_t type, int32_t interpolation) {
  cv::Mat S = view(src, srows, scols, type, sstep), D = view(dst, drows, dcols, type, dstep);
  return guarded(D, dst, [&] { cv::resize(S, D, cv::Size(dcols, drows), 0, 0, interpolation); });
}

// warpAffine(src → dst of drows × dcols, the 2×3 matrix m (row-major doubles), flags, border, value 0).
int32_t sk_warp_affine(const void* src, int32_t srows, int32_t scols, int32_t sstep, void* dst, int32_t drows,
                       int32_t dcols, int32_t dstep, int32_t type, const double* m, int32_t flags, int32_t border) {
  cv::Mat S = view(src, srows, scols, type, sstep), D = view(dst, drows, dcols, type, dstep);
  cv::Mat M(2, 3, CV_64FC1, const_cast<double*>(m));
  return guarded(D, dst, [&] { cv::warpAffine(S, D, M, cv::Size(dcols, drows), flags, border, cv::Scalar()); });
}

// getRectSubPix(src, (dcols, drows), (cx, cy) → dst).
int32_t sk_rect_sub_pix(const void* src, int32_t srows, int32_t scols, int32_t sstep, void* dst, int32_t drows,
                        int32_t dcols, int32_t dstep, int32_t type, double cx, double cy) {
  cv::Mat S = view(src, srows, scols, type, sstep), D = view(dst, drows, dcols, type, dstep);
  return guarded(D, dst, [&] {
    cv::getRectSubPix(S, cv::Size(dcols, drows), cv::Point2f(static_cast<float>(cx), static_cast<float>(cy)), D);
  });
}

}  // extern "C"
