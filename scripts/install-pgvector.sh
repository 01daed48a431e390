#!/usr/bin/env bash
# Installs the pgvector extension into the local PostgreSQL (queue mode stores embeddings in
# vector(512) columns). Debian 12 has no pgvector package, so this builds Debian trixie's source
# package against the installed server: a deb-src entry for trixie is derived from the machine's own
# /etc/apt/sources.list.d/debian.sources (same mirror and keyring), then
# `apt-get source pgvector && make with_llvm=no && make install`, and PostgreSQL is restarted.
# Idempotent: does nothing when the extension is already installed. Needs root (or sudo).
set -euo pipefail

pg_major="${PG_MAJOR:-$(ls /etc/postgresql 2>/dev/null | sort -n | tail -n 1)}"
if [ -z "$pg_major" ]; then
  echo "install-pgvector: no PostgreSQL cluster under /etc/postgresql" >&2
  exit 1
fi
sharedir="$(/usr/lib/postgresql/"$pg_major"/bin/pg_config --sharedir 2>/dev/null || echo /usr/share/postgresql/"$pg_major")"
if [ -f "$sharedir/extension/vector.control" ]; then
  echo "install-pgvector: pgvector is already installed for PostgreSQL $pg_major"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

sources=/etc/apt/sources.list.d/debian.sources
uri="$(awk '/^URIs:/ { print $2; exit }' "$sources")"
keyring="$(awk '/^Signed-By:/ { print $2; exit }' "$sources")"
if [ -z "$uri" ]; then
  echo "install-pgvector: no URIs: line in $sources" >&2
  exit 1
fi
list=/etc/apt/sources.list.d/facesocial-trixie-src.sources
$sudo tee "$list" >/dev/null <<SOURCES
# Written by facesocial scripts/install-pgvector.sh: source packages only, to build pgvector.
Types: deb-src
URIs: $uri
Suites: trixie
Components: main
Signed-By: ${keyring:-/usr/share/keyrings/debian-archive-keyring.gpg}
SOURCES

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq -o Dir::Etc::sourcelist="$list" -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0
$sudo apt-get install -y -qq --no-install-recommends "postgresql-server-dev-$pg_major" dpkg-dev make gcc >/dev/null

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get source -qq pgvector
cd pgvector-*/
# with_llvm=no: no JIT bitcode, so clang is not needed.
make -s with_llvm=no PG_CONFIG=/usr/lib/postgresql/"$pg_major"/bin/pg_config
$sudo make -s install with_llvm=no PG_CONFIG=/usr/lib/postgresql/"$pg_major"/bin/pg_config

if command -v pg_ctlcluster >/dev/null; then
  $sudo pg_ctlcluster --skip-systemctl-redirect "$pg_major" main restart
fi
echo "install-pgvector: installed pgvector $(basename "$PWD" | sed 's/^pgvector-//') for PostgreSQL $pg_major"
