#!/usr/bin/env bash
#
# scripts/postgres.sh - a real, throwaway PostgreSQL (with pgvector) for tests.
#
# Usage:
#   scripts/postgres.sh [start]      Provision (if needed) and start a fresh cluster.
#                                    The LAST line on stdout is the Npgsql connection
#                                    string; everything else goes to stderr.
#   scripts/postgres.sh stop [DIR]   Stop the cluster in DIR (pg_ctl stop -m immediate)
#                                    and delete DIR. Without DIR, the directory is read
#                                    from $ABSTUDIO_PG_STATE_FILE.
#   scripts/postgres.sh help         Show this text.
#
# Environment:
#   ABSTUDIO_PG_ROOT        Parent for the cluster directory (default: /tmp). Must be
#                           reachable by the `postgres` OS user when running as root.
#   ABSTUDIO_PG_STATE_FILE  Optional file; `start` writes the cluster directory into it
#                           so a caller can run `postgres.sh stop "$(cat FILE)"` (or just
#                           `postgres.sh stop`) from a trap.
#   ABSTUDIO_PG_VERSION     PostgreSQL major version to use (default: 15 if installed,
#                           otherwise the newest installed, otherwise install 15).
#
# Typical use from a test script:
#   export ABSTUDIO_PG_STATE_FILE=$(mktemp)
#   trap 'scripts/postgres.sh stop' EXIT
#   export ConnectionStrings__Default=$(scripts/postgres.sh start | tail -n 1)
#
# What `start` does:
#   1. Installs the PostgreSQL server from Debian packages if no server binaries exist
#      (without starting Debian's own cluster service).
#   2. Installs pgvector if the server lacks it: the distro package when one exists,
#      otherwise it builds Debian trixie's `pgvector` source package against this
#      server. The trixie deb-src entry is derived at run time from this machine's own
#      apt sources and lives only in a private temp apt state (system apt
#      configuration and package lists are not touched).
#   3. initdb's a fresh cluster in $ABSTUDIO_PG_ROOT/abstudio-pg.XXXXXX (owned by the
#      `postgres` user when run as root), tuned for speed rather than durability,
#      listening on 127.0.0.1 on a free port with trust authentication, and creates the
#      `vector` extension in template1 (so every CREATE DATABASE gets it) and postgres.
#
# Files inside the cluster directory DIR:
#   DIR/data/               the data directory
#   DIR/postgres.log        server log
#   DIR/connection-string   the Npgsql connection string
#   DIR/.s.PGSQL.<port>     the unix socket
#
# Steps 1 and 2 are idempotent: a second run finds everything present and skips them.

set -Eeuo pipefail

# Keep stdout clean for the connection string: fd 3 is the real stdout, and every
# other command's stdout (apt, make, initdb, ...) is redirected to stderr.
exec 3>&1 1>&2

PROG=postgres.sh
SCRIPT_PATH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"

# ---------------------------------------------------------------------------------
# Logging and error handling
# ---------------------------------------------------------------------------------

# STEP/HINT describe what is being done right now; the ERR trap turns any unexpected
# failure into a single "what failed / what to do" line.
STEP="startup"
HINT="re-run with 'bash -x $SCRIPT_PATH' to see details"

log() { printf '[%s] %s\n' "$PROG" "$*" >&2; }

# die MESSAGE - print one clear error line and exit non-zero. (Not for use inside $(...).)
die() {
    printf '%s: ERROR: %s\n' "$PROG" "$*" >&2
    exit 1
}

on_err() {
    local rc=$1 line=$2
    # With errtrace, the trap also fires inside subshells; report only once, at top level.
    if ((BASH_SUBSHELL == 0)); then
        printf '%s: ERROR: %s failed (exit code %s, line %s). %s\n' \
            "$PROG" "$STEP" "$rc" "$line" "$HINT" >&2
    fi
    exit "$rc"
}
trap 'on_err $? $LINENO' ERR

# Cleanup actions registered while running (temp dirs, policy-rc.d, a half-started
# cluster). They run on every exit, success or failure.
CLEANUP=()
on_exit() {
    local i
    for ((i = ${#CLEANUP[@]} - 1; i >= 0; i--)); do
        eval "${CLEANUP[i]}" >/dev/null 2>&1 || true
    done
}
trap on_exit EXIT

# ---------------------------------------------------------------------------------
# Privileges: root runs things directly; non-root uses passwordless sudo for installs.
# ---------------------------------------------------------------------------------

SUDO=()
need_root() {
    # need_root WHAT - make sure we can run privileged commands for WHAT.
    if ((EUID == 0)); then
        SUDO=()
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO=(sudo -n)
    else
        die "$1 requires root: re-run as root (or with passwordless sudo), or install it yourself first"
    fi
}

# ---------------------------------------------------------------------------------
# apt helpers
# ---------------------------------------------------------------------------------

APT_UPDATED=0
apt_update_once() {
    ((APT_UPDATED)) && return 0
    STEP="apt-get update"
    HINT="check network access to the Debian package mirrors configured in /etc/apt"
    log "apt-get update"
    "${SUDO[@]}" apt-get update -qq
    APT_UPDATED=1
}

# pkg_installed PKG... - true when every package is already installed.
pkg_installed() {
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || return 1
    done
}

# apt_install PKG... - non-interactive install of the packages not installed yet
# (already installed ones are left alone rather than upgraded), keeping config files.
apt_install() {
    local p
    local -a missing=()
    for p in "$@"; do
        pkg_installed "$p" || missing+=("$p")
    done
    ((${#missing[@]})) || return 0
    apt_update_once
    STEP="apt-get install ${missing[*]}"
    HINT="check the apt output above; the package(s) must be installable from this machine's apt sources"
    log "apt-get install ${missing[*]}"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "${missing[@]}"
}

# apt_has_candidate PKG - true when apt knows an installable version of PKG.
apt_has_candidate() {
    local cand
    cand=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')
    [[ -n $cand && $cand != "(none)" ]]
}

# Serialise provisioning between concurrent runs (two test jobs starting at once must
# not both run apt/dpkg or `make install`). Only taken when something must be installed.
PROVISION_LOCKED=0
provision_lock() {
    ((PROVISION_LOCKED)) && return 0
    local lock=/tmp/abstudio-pg-provision.lock
    # (A lock file created by another user may only be openable read-only; flock is
    #  happy with a read-only descriptor.)
    # (The braces keep "2>/dev/null" from applying permanently, as a bare exec would.)
    { exec 9>>"$lock"; } 2>/dev/null || { exec 9<"$lock"; } 2>/dev/null ||
        die "cannot open lock file $lock: make /tmp writable or remove a stale $lock"
    log "waiting for provisioning lock $lock"
    flock 9
    PROVISION_LOCKED=1
}

# ---------------------------------------------------------------------------------
# 1. PostgreSQL server binaries
# ---------------------------------------------------------------------------------

PG_VERSION=""
PG_BIN=""

# Pick the server version to use among installed ones (prints nothing if none).
detect_pg_version() {
    if [[ -n ${ABSTUDIO_PG_VERSION:-} ]]; then
        [[ -x /usr/lib/postgresql/$ABSTUDIO_PG_VERSION/bin/postgres ]] && echo "$ABSTUDIO_PG_VERSION"
        return 0
    fi
    if [[ -x /usr/lib/postgresql/15/bin/postgres ]]; then
        echo 15
        return 0
    fi
    local bin best=""
    for bin in /usr/lib/postgresql/*/bin/postgres; do
        [[ -x $bin ]] || continue
        local v=${bin#/usr/lib/postgresql/}
        v=${v%%/*}
        if [[ -z $best ]] || ((${v%%.*} > ${best%%.*})); then best=$v; fi
    done
    echo "$best"
}

# Temporarily forbid service starts during package installation (Debian's policy-rc.d
# protocol, honoured by invoke-rc.d and deb-systemd-invoke) so the distro's default
# "main" cluster is not started. An existing policy-rc.d is left alone.
block_service_starts() {
    [[ -e /usr/sbin/policy-rc.d ]] && return 0
    STEP="creating /usr/sbin/policy-rc.d"
    HINT="run as root"
    printf '#!/bin/sh\n# temporary, created by AbStudio scripts/postgres.sh\nexit 101\n' |
        "${SUDO[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${SUDO[@]}" chmod 755 /usr/sbin/policy-rc.d
    CLEANUP+=("${SUDO[*]} rm -f /usr/sbin/policy-rc.d")
}

ensure_postgres_server() {
    PG_VERSION=$(detect_pg_version)
    if [[ -z $PG_VERSION ]]; then
        need_root "installing the PostgreSQL server"
        provision_lock
        PG_VERSION=$(detect_pg_version) # another run may have installed it meanwhile
    fi
    if [[ -z $PG_VERSION ]]; then
        local want=${ABSTUDIO_PG_VERSION:-15}
        log "PostgreSQL server binaries not found; installing postgresql-$want from Debian packages"
        block_service_starts
        apt_update_once
        if apt_has_candidate "postgresql-$want"; then
            apt_install "postgresql-$want"
        elif [[ -z ${ABSTUDIO_PG_VERSION:-} ]] && apt_has_candidate postgresql; then
            log "postgresql-$want is not available here; installing the distro default 'postgresql'"
            apt_install postgresql
        else
            die "no installable postgresql-$want package in this machine's apt sources: install PostgreSQL $want server manually (binaries in /usr/lib/postgresql/$want/bin)"
        fi
        PG_VERSION=$(detect_pg_version)
        [[ -n $PG_VERSION ]] ||
            die "PostgreSQL packages installed but no /usr/lib/postgresql/*/bin/postgres found: check the apt output above"
    fi
    PG_BIN=/usr/lib/postgresql/$PG_VERSION/bin
    log "using PostgreSQL $PG_VERSION from $PG_BIN"
}

# ---------------------------------------------------------------------------------
# 2. pgvector
# ---------------------------------------------------------------------------------

pg_sharedir() {
    if [[ -x $PG_BIN/pg_config ]]; then
        "$PG_BIN/pg_config" --sharedir
    else
        echo "/usr/share/postgresql/$PG_VERSION"
    fi
}

have_pgvector() {
    [[ -f "$(pg_sharedir)/extension/vector.control" ]]
}

# Print candidate Debian archive URIs (with their Signed-By keyring, tab-separated) from
# this machine's apt sources: entries of type "deb" that carry the release's own suite
# (e.g. "bookworm", not "bookworm-security") and the "main" component. Both the deb822
# (*.sources) and the one-line (*.list) formats are understood.
debian_archive_uris() {
    local codename=$1 f
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -f $f ]] || continue
        awk -v want="$codename" '
            function flush() {
                if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " want " ") &&
                    (" " comps " ") ~ / main / && tolower(enabled) != "no") {
                    n = split(uris, u, /[ \t]+/)
                    for (i = 1; i <= n; i++) if (u[i] != "") print u[i] "\t" signed
                }
                types = suites = comps = uris = signed = enabled = ""; last = ""
            }
            /^[ \t]*#/ { next }
            /^[ \t]*$/ { flush(); next }
            /^[ \t]/ { next }                    # continuation line (e.g. inline key)
            {
                key = tolower($0); sub(/:.*/, "", key)
                val = $0; sub(/^[^:]*:[ \t]*/, "", val); sub(/[ \t]+$/, "", val)
                if (key == "types") types = val
                else if (key == "uris") uris = val
                else if (key == "suites") suites = val
                else if (key == "components") comps = val
                else if (key == "enabled") enabled = val
                else if (key == "signed-by" && val ~ /^\//) signed = val
            }
            END { flush() }' "$f"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -f $f ]] || continue
        awk -v want="$codename" '
            /^[ \t]*#/ || NF < 3 { next }
            $1 != "deb" { next }
            {
                signed = ""; i = 2
                if ($2 ~ /^\[/) {                # [ option=value ... ]
                    for (; i <= NF; i++) {
                        if ($i ~ /^\[?signed-by=/) { s = $i; sub(/^\[?signed-by=/, "", s); sub(/\]$/, "", s); signed = s }
                        if ($i ~ /\]$/) { i++; break }
                    }
                }
                uri = $i; suite = $(i + 1); main = 0
                for (j = i + 2; j <= NF; j++) if ($j == "main") main = 1
                if (suite == want && main) print uri "\t" signed
            }' "$f"
    done
}

# Build and install pgvector from Debian trixie's source package.
build_pgvector_from_trixie_source() {
    local codename work started uri signed src ok=0
    # shellcheck source=/dev/null
    codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
    [[ -n $codename ]] || die "cannot determine the Debian release codename from /etc/os-release: install pgvector for PostgreSQL $PG_VERSION manually"

    apt_install build-essential dpkg-dev "postgresql-server-dev-$PG_VERSION"

    STEP="preparing the pgvector build directory"
    HINT="make sure \$TMPDIR (or /tmp) is writable"
    work=$(mktemp -d "${TMPDIR:-/tmp}/abstudio-pgvector.XXXXXX")
    CLEANUP+=("rm -rf '$work'")
    chmod 755 "$work" # lets apt's unprivileged _apt download user write here
    mkdir -p "$work/sources.list.d" "$work/lists/partial" "$work/src"

    # A private apt state: only our temporary trixie deb-src entry and its own package
    # lists, so the system's apt configuration and lists stay untouched, and a killed
    # run leaves nothing behind in /etc/apt.
    local -a apt_priv=(
        -o "Dir::Etc::SourceList=/dev/null"
        -o "Dir::Etc::SourceParts=$work/sources.list.d"
        -o "Dir::State::Lists=$work/lists"
        -o "Dir::Cache::pkgcache="
        -o "Dir::Cache::srcpkgcache="
    )
    # As root, apt downloads as the unprivileged _apt user, which may not be able to
    # write into our temp dir (e.g. when $TMPDIR is under /root); download as root.
    if ((EUID == 0)); then apt_priv+=(-o "APT::Sandbox::User=root"); fi

    local candidates
    candidates=$(debian_archive_uris "$codename" | awk '!seen[$1]++')
    [[ -n $candidates ]] ||
        die "no Debian archive entry for suite '$codename' (component main) found in /etc/apt/sources.list{,.d}: cannot fetch pgvector's source; install pgvector for PostgreSQL $PG_VERSION manually"

    started=$SECONDS
    while IFS=$'\t' read -r uri signed; do
        [[ -n $uri ]] || continue
        log "fetching Debian trixie source package 'pgvector' via $uri"
        {
            echo "# temporary, created by AbStudio scripts/postgres.sh"
            echo "Types: deb-src"
            echo "URIs: $uri"
            echo "Suites: trixie"
            echo "Components: main"
            if [[ -n $signed ]]; then echo "Signed-By: $signed"; fi
        } >"$work/sources.list.d/abstudio-trixie-src.sources"
        rm -rf "$work/src" && mkdir "$work/src"
        if apt-get "${apt_priv[@]}" update -qq &&
            (cd "$work/src" && apt-get "${apt_priv[@]}" source -qq pgvector); then
            ok=1
            break
        fi
        log "could not fetch pgvector source from $uri; trying the next apt source (if any)"
    done <<<"$candidates"
    ((ok)) || die "could not download Debian trixie's pgvector source package from this machine's apt mirrors: check network access, or install pgvector for PostgreSQL $PG_VERSION manually"

    src=$(find "$work/src" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
    [[ -n $src && -f $src/vector.control ]] ||
        die "unexpected layout of the pgvector source package in $work/src: install pgvector for PostgreSQL $PG_VERSION manually"
    log "building $(basename "$src") against PostgreSQL $PG_VERSION"

    # OPTFLAGS= : no -march=native, so the result also runs on other CPUs (as Debian does).
    # with_llvm=no : skip the JIT bitcode (needs clang; only used for JIT inlining).
    local -a make_args=(USE_PGXS=1 "PG_CONFIG=$PG_BIN/pg_config" OPTFLAGS= with_llvm=no)
    STEP="building pgvector (make in $src)"
    HINT="check the compiler output above; build-essential and postgresql-server-dev-$PG_VERSION must be installed"
    make -C "$src" -s -j"$(nproc 2>/dev/null || echo 2)" "${make_args[@]}"
    STEP="installing pgvector (make install)"
    HINT="run as root (or with passwordless sudo)"
    "${SUDO[@]}" make -C "$src" -s "${make_args[@]}" install
    log "pgvector built and installed in $((SECONDS - started))s"
}

ensure_pgvector() {
    have_pgvector && { log "pgvector already installed"; return 0; }
    need_root "installing pgvector"
    provision_lock
    have_pgvector && { log "pgvector already installed"; return 0; } # installed meanwhile

    # Prefer a distro package when this machine's apt sources have one (e.g. trixie,
    # Ubuntu, apt.postgresql.org); bookworm does not package pgvector.
    apt_update_once
    if apt_has_candidate "postgresql-$PG_VERSION-pgvector"; then
        log "installing pgvector from the postgresql-$PG_VERSION-pgvector package"
        apt_install "postgresql-$PG_VERSION-pgvector"
    else
        log "no pgvector package for PostgreSQL $PG_VERSION in the apt sources; building it from Debian trixie's source package"
        build_pgvector_from_trixie_source
    fi
    have_pgvector ||
        die "pgvector installation finished but $(pg_sharedir)/extension/vector.control is missing: check the output above"
}

# ---------------------------------------------------------------------------------
# 3. Throwaway cluster
# ---------------------------------------------------------------------------------

# Print a TCP port on 127.0.0.1 that is free right now. Postgres' own bind is the final
# judge: if another process grabs the port in between, start_cluster picks a new one.
pick_port() {
    local p
    # Ask the kernel for an unused ephemeral port.
    if command -v python3 >/dev/null 2>&1; then
        p=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || true)
        if [[ $p =~ ^[0-9]+$ ]]; then
            echo "$p"
            return 0
        fi
    fi
    # Fallback: random ports in 20000-59999 until nothing answers a TCP connect.
    local tries
    for ((tries = 0; tries < 100; tries++)); do
        p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        if ! (exec 4<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

# Run a command as the cluster owner (the postgres OS user when we are root).
AS_OWNER=()

CLUSTER_DIR=""
CLUSTER_PORT=""

start_cluster() {
    local root=${ABSTUDIO_PG_ROOT:-/tmp}
    STEP="creating the cluster directory under $root"
    HINT="set ABSTUDIO_PG_ROOT to an existing writable directory"
    [[ -d $root && -w $root ]] || die "ABSTUDIO_PG_ROOT=$root is not a writable directory: set ABSTUDIO_PG_ROOT to one (default /tmp)"
    CLUSTER_DIR=$(mktemp -d "$root/abstudio-pg.XXXXXX")
    CLUSTER_DIR=$(cd "$CLUSTER_DIR" && pwd -P) # absolute, for unix_socket_directories
    # Until start succeeds, a failure removes the half-made cluster again.
    CLEANUP+=("[ -n \"\${CLUSTER_DIR:-}\" ] && cluster_destroy \"\$CLUSTER_DIR\"")
    touch "$CLUSTER_DIR/.abstudio-pg" # marker: `stop` only deletes directories with it

    # The unix socket path (DIR/.s.PGSQL.NNNNN) must fit in sockaddr_un (107 bytes).
    ((${#CLUSTER_DIR} + 18 <= 107)) ||
        die "cluster directory path $CLUSTER_DIR is too long for a unix socket: set ABSTUDIO_PG_ROOT to a shorter path"

    if ((EUID == 0)); then
        # postgres refuses to run as root: hand the directory to the postgres OS user.
        id -u postgres >/dev/null 2>&1 ||
            die "running as root but there is no 'postgres' OS user: install the postgresql package or run as an unprivileged user"
        chown postgres:postgres "$CLUSTER_DIR"
        chmod 700 "$CLUSTER_DIR"
        AS_OWNER=(runuser -u postgres --)
        "${AS_OWNER[@]}" test -w "$CLUSTER_DIR" ||
            die "the postgres OS user cannot reach $CLUSTER_DIR: set ABSTUDIO_PG_ROOT to a directory it can access (e.g. /tmp)"
    fi

    # Prefer a UTF-8 C locale (proper upper()/lower() on non-ASCII text) when available.
    local locale=C
    if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then locale=C.UTF-8; fi

    STEP="initdb"
    HINT="see the initdb output above"
    log "initdb in $CLUSTER_DIR/data (PostgreSQL $PG_VERSION, locale $locale)"
    "${AS_OWNER[@]}" "$PG_BIN/initdb" -D "$CLUSTER_DIR/data" -U postgres -A trust \
        -E UTF8 --locale="$locale" --no-sync >/dev/null

    STEP="configuring the cluster"
    HINT="see the output above"
    # Throwaway cluster: speed over durability. Written as the owner so file modes fit.
    "${AS_OWNER[@]}" tee -a "$CLUSTER_DIR/data/postgresql.conf" >/dev/null <<EOF

# ---- AbStudio throwaway test cluster (scripts/postgres.sh) ----
listen_addresses = '127.0.0.1'
unix_socket_directories = '$CLUSTER_DIR'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
jit = off
include 'abstudio-port.conf'
EOF
    # Trust, but only over the private unix socket and 127.0.0.1.
    "${AS_OWNER[@]}" tee "$CLUSTER_DIR/data/pg_hba.conf" >/dev/null <<'EOF'
# AbStudio throwaway test cluster: trust local connections only.
local all all              trust
host  all all 127.0.0.1/32 trust
EOF

    local attempt port
    for ((attempt = 1; attempt <= 10; attempt++)); do
        STEP="choosing a free TCP port"
        HINT="make sure python3 or bash /dev/tcp works, and that ports are available on 127.0.0.1"
        port=$(pick_port) || die "could not find a free TCP port on 127.0.0.1: free some ports and retry"
        echo "port = $port" | "${AS_OWNER[@]}" tee "$CLUSTER_DIR/data/abstudio-port.conf" >/dev/null

        STEP="starting PostgreSQL (pg_ctl start)"
        HINT="see $CLUSTER_DIR/postgres.log"
        log "starting PostgreSQL on 127.0.0.1:$port"
        # The server daemon must not inherit our stdout (fd 3) or the lock (fd 9):
        # `cs=$(postgres.sh start | tail -n 1)` would otherwise wait for the server to exit.
        if "${AS_OWNER[@]}" "$PG_BIN/pg_ctl" -D "$CLUSTER_DIR/data" -l "$CLUSTER_DIR/postgres.log" \
            -w -t 60 start </dev/null >/dev/null 3>&- 9>&-; then
            CLUSTER_PORT=$port
            break
        fi
        # Lost the race for the port to another process? Then simply try another one.
        if grep -qE 'could not bind|Address already in use|could not create any TCP/IP sockets|could not create lock file' \
            "$CLUSTER_DIR/postgres.log" 2>/dev/null; then
            log "port $port was taken meanwhile; retrying with another port"
            : >"$CLUSTER_DIR/postgres.log"
            continue
        fi
        tail -n 20 "$CLUSTER_DIR/postgres.log" >&2 2>/dev/null || true
        die "PostgreSQL failed to start (log: $CLUSTER_DIR/postgres.log, shown above): fix the reported problem and retry"
    done
    [[ -n $CLUSTER_PORT ]] || die "PostgreSQL could not bind a free port after 10 attempts: check for port exhaustion on 127.0.0.1"

    STEP="waiting for PostgreSQL to accept connections (pg_isready)"
    HINT="see $CLUSTER_DIR/postgres.log"
    local i
    for ((i = 0; i < 60; i++)); do
        "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$CLUSTER_PORT" -U postgres && break
        sleep 0.5
    done
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$CLUSTER_PORT" -U postgres ||
        die "PostgreSQL on 127.0.0.1:$CLUSTER_PORT did not become ready within 30s: see $CLUSTER_DIR/postgres.log"

    # pgvector is not a trusted extension, so create it as superuser: in template1, so
    # every database created later (CREATE DATABASE / createdb) has it, and in postgres.
    STEP="CREATE EXTENSION vector"
    HINT="pgvector must be installed for PostgreSQL $PG_VERSION ($(pg_sharedir)/extension/vector.control); see $CLUSTER_DIR/postgres.log"
    local db
    for db in template1 postgres; do
        "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
            "host=127.0.0.1 port=$CLUSTER_PORT user=postgres dbname=$db" \
            -c 'CREATE EXTENSION IF NOT EXISTS vector' >/dev/null
    done
}

# Stop (immediately) and delete a cluster directory created by `start`.
cluster_destroy() {
    local dir=$1 bin pid
    local -a owner=()
    [[ -f $dir/.abstudio-pg ]] || return 1
    if [[ -f $dir/data/postmaster.pid ]]; then
        bin=/usr/lib/postgresql/$(cat "$dir/data/PG_VERSION" 2>/dev/null || echo 15)/bin
        if ((EUID == 0)); then
            owner=(runuser -u "$(stat -c %U "$dir/data")" --)
        fi
        if ! "${owner[@]}" "$bin/pg_ctl" -D "$dir/data" stop -m immediate -w -t 30 >/dev/null 2>&1; then
            # pg_ctl fails when the server is already gone (stale pid file) - that's fine,
            # but a server that is still alive must not have its files deleted under it.
            pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
            if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
                return 2
            fi
        fi
    fi
    rm -rf "$dir"
}

cmd_start() {
    ensure_postgres_server
    ensure_pgvector
    # Provisioning is done: let other runs proceed while we start our cluster.
    if ((PROVISION_LOCKED)); then
        exec 9>&-
        PROVISION_LOCKED=0
    fi

    start_cluster

    local conn="Host=127.0.0.1;Port=$CLUSTER_PORT;Username=postgres;Database=postgres;Pooling=true"
    STEP="writing $CLUSTER_DIR/connection-string"
    HINT="check free space in ${ABSTUDIO_PG_ROOT:-/tmp}"
    printf '%s\n' "$conn" >"$CLUSTER_DIR/connection-string"
    chmod 644 "$CLUSTER_DIR/connection-string"
    if [[ -n ${ABSTUDIO_PG_STATE_FILE:-} ]]; then
        STEP="writing ABSTUDIO_PG_STATE_FILE=$ABSTUDIO_PG_STATE_FILE"
        HINT="point ABSTUDIO_PG_STATE_FILE at a writable path"
        printf '%s\n' "$CLUSTER_DIR" >"$ABSTUDIO_PG_STATE_FILE"
    fi

    # Success: keep the cluster (disarm the cleanup of a half-started one).
    local keep=$CLUSTER_DIR
    CLUSTER_DIR=""
    log "PostgreSQL $PG_VERSION + pgvector ready on 127.0.0.1:$CLUSTER_PORT (data: $keep/data, log: $keep/postgres.log)"
    log "stop it with: $SCRIPT_PATH stop $keep"
    printf '%s\n' "$conn" >&3
}

cmd_stop() {
    local dir=${1:-}
    if [[ -z $dir ]]; then
        [[ -n ${ABSTUDIO_PG_STATE_FILE:-} && -s ${ABSTUDIO_PG_STATE_FILE:-} ]] ||
            die "usage: $PROG stop DIR (or set ABSTUDIO_PG_STATE_FILE to the file written by 'start')"
        dir=$(head -n 1 "$ABSTUDIO_PG_STATE_FILE")
    fi
    if [[ ! -e $dir ]]; then
        log "$dir does not exist; nothing to stop"
        return 0
    fi
    [[ -f $dir/.abstudio-pg ]] ||
        die "$dir was not created by '$PROG start' (no .abstudio-pg marker): refusing to delete it"
    STEP="stopping the cluster in $dir"
    HINT="stop the postgres processes using $dir/data manually, then rm -rf $dir"
    local rc=0
    cluster_destroy "$dir" || rc=$?
    case $rc in
    0) log "stopped and removed $dir" ;;
    2) die "the PostgreSQL server in $dir/data is still running after pg_ctl stop: kill it (pid in $dir/data/postmaster.pid), then rm -rf $dir" ;;
    *) die "could not remove $dir: remove it manually" ;;
    esac
}

usage() {
    # The header comment of this file (up to the first non-comment line).
    awk 'NR > 2 && /^#/ { sub(/^# ?/, ""); print; next } NR > 2 { exit }' "$SCRIPT_PATH" >&2
}

case ${1:-start} in
start)
    (($# <= 1)) || die "usage: $PROG start (takes no arguments)"
    cmd_start
    ;;
stop)
    (($# <= 2)) || die "usage: $PROG stop [DIR]"
    cmd_stop "${2:-}"
    ;;
help | -h | --help)
    usage
    ;;
*)
    die "unknown command '$1': use '$PROG start', '$PROG stop DIR' or '$PROG help'"
    ;;
esac
