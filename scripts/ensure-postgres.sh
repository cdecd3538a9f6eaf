#!/bin/sh
# Install Debian's postgresql package for the PostgreSQL tests, only when its server programs
# are missing. The tests start their own throwaway server (tests/pg_server.py: initdb into a
# temp folder, pg_ctl start on a private Unix socket) and stop it at the end; nothing here
# starts a service. Needs root (CI runs as root). Without root, set TOCSIN_NO_POSTGRES=1 to skip
# the PostgreSQL tests.
set -eu
for bin in /usr/lib/postgresql/*/bin; do
    if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ]; then
        exit 0
    fi
done
if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-postgres: PostgreSQL (initdb, pg_ctl) missing and not root; run as root," \
        "or set TOCSIN_NO_POSTGRES=1 to skip the PostgreSQL tests." >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq postgresql
for bin in /usr/lib/postgresql/*/bin; do
    if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ]; then
        exit 0
    fi
done
echo "ensure-postgres: installed postgresql but found no initdb under /usr/lib/postgresql" >&2
exit 1
