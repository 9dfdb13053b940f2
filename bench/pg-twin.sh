#!/usr/bin/env bash
# The PostgreSQL twins of the benchmark databases, for `bench/api.ts --engine postgresql`: a throwaway cluster in
# DIR/pg (port 55499, fsync off: benchmark data only; started again if it exists) and one database bench_<claims> per
# size, filled by `claimline restore` of the SQLite file's JSON export (the same records and ids).
# Usage, from the repository root:  bash bench/pg-twin.sh [DIR=/tmp/claimline-bench] [SIZES="10000 1000000"]
# Stop it afterwards:  runuser -u postgres -- "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/pg_ctl" -D DIR/pg/data stop
set -euo pipefail
DIR=${1:-/tmp/claimline-bench}
SIZES=${2:-"10000 1000000"}
PORT=55499
B=$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$DIR/pg"
chmod 755 "$DIR"
[ "$(id -u)" = 0 ] && chown postgres "$DIR/pg"
[ -d "$DIR/pg/data" ] || as_pg "$B/initdb" -D "$DIR/pg/data" -A trust -U postgres >/dev/null
as_pg "$B/pg_ctl" -D "$DIR/pg/data" status >/dev/null 2>&1 ||
  as_pg "$B/pg_ctl" -D "$DIR/pg/data" -o "-p $PORT -k $DIR/pg -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=512MB" -l "$DIR/pg/log" -w start >/dev/null
for n in $SIZES; do
  url="postgresql://postgres@127.0.0.1:$PORT/bench_$n"
  if psql -h 127.0.0.1 -p $PORT -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'bench_$n'" | grep -q 1; then
    echo "bench_$n exists"
    continue
  fi
  sqlite3 "$DIR/bench-$n.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
  [ -f "$DIR/restore-$n.json" ] || DATABASE_URL="file:$DIR/bench-$n.db" node apps/cli/bin/claimline.mjs export --format json --out "$DIR/restore-$n.json"
  psql -h 127.0.0.1 -p $PORT -U postgres -qc "CREATE DATABASE bench_$n"
  DATABASE_URL="$url" node apps/cli/bin/claimline.mjs restore "$DIR/restore-$n.json"
  psql "$url" -qc 'ANALYZE'
done
