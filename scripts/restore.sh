#!/usr/bin/env bash
# Restores an archive written by scripts/backup.sh into a fresh database, then prints its row counts.
#
#   createdb -h HOST -U USER facesocial_restored
#   scripts/restore.sh [--force] <backup-file> <TARGET_DATABASE_URL>
#
# The target must exist and have no tables; --force restores over an existing schema, dropping and
# recreating every object the archive holds (pg_restore --clean --if-exists). pgvector must be
# installed on the target server. Everything but the extension is restored in one transaction: a
# failure leaves no half-restored schema behind.
set -euo pipefail

usage() {
  echo "usage: $0 [--force] <backup-file> <TARGET_DATABASE_URL>" >&2
  exit 2
}
force=0
args=()
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -*) usage ;;
    *) args+=("$arg") ;;
  esac
done
[[ ${#args[@]} -eq 2 ]] || usage
file="${args[0]}"
url="${args[1]}"
[[ -r "$file" ]] || {
  echo "restore: cannot read $file" >&2
  exit 1
}

shown="$(printf '%s' "$url" | sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#')"
started=$SECONDS
sql() { psql -X -q -v ON_ERROR_STOP=1 -At --dbname="$url" "$@"; }

toc="$(mktemp)"
trap 'rm -f "$toc"' EXIT
# Reading the table of contents first refuses a truncated or foreign file before the target is touched.
pg_restore --list "$file" >"$toc"

tables="$(sql -c "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")"
if [[ "$tables" != 0 && "$force" != 1 ]]; then
  echo "restore: $shown already has $tables tables; restore into a fresh database (createdb), or pass --force to replace what the backup holds" >&2
  exit 1
fi
if [[ "$(sql -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'")" != 1 ]]; then
  echo "restore: pgvector is not installed on the server of $shown (scripts/install-pgvector.sh, or an image such as pgvector/pgvector)" >&2
  exit 1
fi

echo "restore: restoring $file into $shown"
sql -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public' || {
  echo "restore: could not create the vector extension; have a superuser run CREATE EXTENSION vector in the target database, then run this again" >&2
  exit 1
}
# The extension now exists: its own archive entries are left out, since COMMENT ON EXTENSION needs
# its owner and would stop a restore run by any other role.
grep -v -E '^[0-9]+; [0-9]+ [0-9]+ (EXTENSION - vector|COMMENT - EXTENSION vector)( |$)' "$toc" >"$toc.use"
trap 'rm -f "$toc" "$toc.use"' EXIT
clean=()
[[ "$force" == 1 ]] && clean=(--clean --if-exists)
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction "${clean[@]}" --use-list="$toc.use" --dbname="$url" "$file"
# pg_restore copies no planner statistics: without them the first queries may plan badly. Only the
# restored tables: a role that is not a superuser may not analyze the catalogs.
sql -c "DO \$\$ DECLARE t text; BEGIN
          FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP EXECUTE format('ANALYZE public.%I', t); END LOOP;
        END \$\$"

echo "restore: done in $((SECONDS - started)) s; rows per table:"
# One statement counts every table of the public schema (query_to_xml runs a query built per row).
sql -F $'\t' -c "
  SELECT tablename,
         (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM public.%I', tablename), false, true, '')))[1]::text
    FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename COLLATE \"C\"" |
  awk -F '\t' '{ printf "  %-24s %12d\n", $1, $2 }'
