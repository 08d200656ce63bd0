#!/usr/bin/env bash
# SpotKit setup — idempotent; every `deno task demo|test` runs it first (fast when nothing is missing).
# Installs what a fresh Debian machine with Node and npm lacks:
#   1. Deno 2.9.6 (npm install -g deno@2.9.6) when `deno` is missing or another version;
#   2. Debian packages: jupyter-nbconvert python3-nbclient (headless notebooks), jupyter-notebook (the classic
#      Notebook 6.4 server of `deno task notebook`), mesa-vulkan-drivers
#      (lavapipe: WebGPU on the CPU), ffmpeg (video files), fonts-dejavu-core (text in PNG figures), chromium
#      (the live page in headless Chromium: deno task live --headless, test/live), libopenblas0-pthread (the
#      `wasm-blas` backend's matrix products through Deno FFI), g++ and libopencv-video-dev (the native flow
#      engine's library, built by scripts/build_native.sh);
#   3. the npm packages pinned in deno.json/deno.lock (deno install);
#   4. the bundler `deno bundle` fetches on first use (esbuild), so that building the live page needs no network later.
# Use --quiet to print only what it installs.
set -euo pipefail
quiet=0
[[ "${1:-}" == "--quiet" ]] && quiet=1
cd "$(dirname "$0")/.."
say() { [[ $quiet == 1 ]] || echo "setup: $*"; }

want_deno=2.9.6
have_deno=$(command -v deno >/dev/null 2>&1 && deno --version 2>/dev/null | awk 'NR==1{print $2}' || true)
if [[ "$have_deno" != "$want_deno" ]]; then
  echo "setup: installing Deno $want_deno (npm install -g deno@$want_deno)"
  npm install -g "deno@$want_deno" >/dev/null
fi
say "deno $(deno --version | awk 'NR==1{print $2}')"

pkgs=(jupyter-nbconvert python3-nbclient jupyter-notebook mesa-vulkan-drivers ffmpeg fonts-dejavu-core chromium
  libopenblas0-pthread g++ libopencv-video-dev)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  if [[ $(id -u) != 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "setup: missing Debian packages: ${missing[*]}" >&2
      echo "setup: run as root: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
      exit 1
    fi
  fi
  echo "setup: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
say "debian packages present: ${pkgs[*]}"
bash scripts/build_native.sh

if [[ ! -d node_modules/@tensorflow/tfjs-backend-wasm ]] || [[ deno.lock -nt node_modules/.deno/.setup-stamp ]]; then
  say "installing npm packages (deno install)"
  deno install --quiet --allow-scripts=npm:@resvg/resvg-js >/dev/null 2>&1 || deno install --quiet
  touch node_modules/.deno/.setup-stamp
fi
if [[ ! -f node_modules/.deno/.bundle-stamp ]]; then
  say "fetching the bundler used by deno bundle (live page)"
  tmp=$(mktemp -d)
  echo 'export const x = 1;' >"$tmp/a.ts"
  deno bundle --quiet --platform=browser -o "$tmp/a.js" "$tmp/a.ts" >/dev/null
  rm -rf "$tmp"
  touch node_modules/.deno/.bundle-stamp
fi
say "ready"
