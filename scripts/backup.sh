#!/usr/bin/env bash
# Backs up FaceSocial's PostgreSQL database (queue mode, or embedded mode with DATABASE_URL) to one
# pg_dump archive in custom format (compressed, restorable table by table, read by scripts/restore.sh).
#
#   scripts/backup.sh <DATABASE_URL> <out-file>
#   DATABASE_URL=postgres://... scripts/backup.sh <out-file>
#
# pg_dump reads one consistent snapshot, so the API and the workers may keep running. Redis is not
# backed up: it holds only jobs in flight and their images (with a TTL); after a restore the API's
# reconciler re-enqueues or ends (IMAGE_EXPIRED) every session that was unfinished. See
# docs/operations.md. pg_dump must be of the server's major version or newer.
set -euo pipefail

usage() {
  echo "usage: $0 [DATABASE_URL] <out-file>   (DATABASE_URL may come from the environment)" >&2
  exit 2
}
case $# in
  1) url="${DATABASE_URL:-}" out="$1" ;;
  2) url="$1" out="$2" ;;
  *) usage ;;
esac
[[ -n "$url" && -n "$out" ]] || usage

# Never print a password that the URL carries.
shown="$(printf '%s' "$url" | sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#')"
started=$SECONDS

# Written beside the target and renamed at the end: a failed run never leaves a file that looks like a
# backup. mktemp makes it readable by its owner only, which suits a file of biometric data.
tmp="$(mktemp "${out}.partial.XXXXXX")"
trap 'rm -f "$tmp"' EXIT

echo "backup: dumping $shown"
pg_dump --format=custom --no-owner --no-privileges --dbname="$url" --file="$tmp"

# The summary is counted from the archive itself (each COPY block's lines are its rows), so it
# describes exactly what was written, and reading every block back checks the file end to end.
summary="$(
  pg_restore --data-only --file=- "$tmp" | awk '
    /^COPY / { table = $2; sub(/^public\./, "", table); gsub(/"/, "", table); rows = 0; inside = 1; next }
    inside && $0 == "\\." { printf "%s\t%d\n", table, rows; inside = 0; next }
    inside { rows++ }
  ' | LC_ALL=C sort
)"
[[ -n "$summary" ]] || {
  echo "backup: the archive holds no table data; is this the right database?" >&2
  exit 1
}

mv "$tmp" "$out"
trap - EXIT
bytes="$(wc -c <"$out" | tr -d ' ')"
echo "backup: wrote $out ($bytes bytes) in $((SECONDS - started)) s"
echo "backup: rows per table in the archive:"
printf '%s\n' "$summary" | awk -F '\t' '{ printf "  %-24s %12d\n", $1, $2 }'
