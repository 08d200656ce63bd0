#!/usr/bin/env bash
# Builds the native flow engine's library (.cache/native/libspotkit_flow.so) from native/spotkit_flow.cpp against
# Debian's OpenCV (libopencv-video-dev, g++: installed by scripts/setup.sh). Idempotent: rebuilds only when the
# source is newer than the library. Used by `FlowOptions.engine: "native"` (lib/cv/native_flow.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
src=native/spotkit_flow.cpp
lib=.cache/native/libspotkit_flow.so
if [[ -f "$lib" && "$lib" -nt "$src" ]]; then exit 0; fi
mkdir -p .cache/native
tmp="$lib.tmp.$$"
g++ -O2 -fPIC -shared -std=c++17 -Wall -I/usr/include/opencv4 "$src" -o "$tmp" \
  -lopencv_video -lopencv_imgproc -lopencv_core
mv "$tmp" "$lib"
echo "setup: built $lib"
