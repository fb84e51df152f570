# Sourced: puts a Node.js >= 22.19 first on PATH, installing Node 24 LTS from the npm
# registry (npm install -g --prefix /opt/node24 node@24) when the running one is older.
NODE24_PREFIX="${NODE24_PREFIX:-/opt/node24}"
node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=19)?0:1)'
}
if [ -x "$NODE24_PREFIX/bin/node" ]; then export PATH="$NODE24_PREFIX/bin:$PATH"; fi
if ! node_ok; then
  echo "setup: installing Node.js 24 LTS into $NODE24_PREFIX (the machine's node is $(node --version 2>/dev/null || echo missing))" >&2
  npm install -g --prefix "$NODE24_PREFIX" node@24 >&2
  export PATH="$NODE24_PREFIX/bin:$PATH"
  node_ok || { echo "setup: could not get Node.js >= 22.19" >&2; exit 1; }
fi
