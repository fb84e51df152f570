#!/usr/bin/env bash
# Runs a command with Node.js >= 22.19 first on PATH (installing Node 24 from the npm
# registry into /opt/node24 when the machine's own node is older), and the project's
# node_modules/.bin after it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$here/scripts/node-env.sh"
export PATH="$here/node_modules/.bin:$PATH"
exec "$@"
