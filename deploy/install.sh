#!/usr/bin/env bash
# Install or upgrade microshare-forwarder as a systemd timer service. Run as root.
#
# Usage: install.sh [PATH_TO_BINARY]
#   PATH_TO_BINARY defaults to microshare-forwarder next to this script.
#
# Running it again upgrades the binary and units and keeps the existing settings file.
#
# Environment, for installing into a test root:
#   DESTDIR=DIR       create every path under DIR instead of /
#   SKIP_USERADD=1    do not create the microshare-forwarder system user
#   SKIP_SYSTEMCTL=1  do not run systemctl daemon-reload
# With DESTDIR set, both SKIP_ variables are required because the user and systemd
# belong to the running system, not to DIR.
set -euo pipefail

# shellcheck source=paths.sh
source "$(dirname "${BASH_SOURCE[0]}")/paths.sh"

die() {
    echo "install.sh: error: $*" >&2
    exit 1
}

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
destdir="${DESTDIR:-}"
destdir="${destdir%/}"
skip_useradd="${SKIP_USERADD:-0}"
skip_systemctl="${SKIP_SYSTEMCTL:-0}"

if (($# > 1)); then
    die "expected at most one argument, the path to the microshare-forwarder binary"
fi
binary_source="${1:-$script_dir/$service_name}"

if [[ -n "$destdir" && ("$skip_useradd" != 1 || "$skip_systemctl" != 1) ]]; then
    die "DESTDIR is set to '$destdir': also set SKIP_USERADD=1 and SKIP_SYSTEMCTL=1, because useradd and systemctl act on the running system"
fi

# Ownership is root:root on a real install. A test root built by a non-root user
# keeps that user's ownership because chown to root would fail.
owner_args=()
if ((EUID == 0)); then
    owner_args=(-o root -g root)
elif [[ -z "$destdir" ]]; then
    die "must run as root (try: sudo $0 $*)"
fi

[[ -f "$binary_source" ]] || die "binary not found: $binary_source (pass its path as the first argument)"
for unit in "$service_name.service" "$service_name.timer"; do
    [[ -f "$script_dir/systemd/$unit" ]] || die "unit file not found: $script_dir/systemd/$unit"
done
[[ -f "$script_dir/.env.example" ]] || die "settings template not found: $script_dir/.env.example"

# 1. System user. The unit runs the service as this user, which has no login shell
# and whose home is the state directory.
if [[ "$skip_useradd" == 1 ]]; then
    echo "Skipped creating user $service_user (SKIP_USERADD=1)"
elif id -u "$service_user" >/dev/null 2>&1; then
    echo "Kept existing user $service_user"
else
    useradd --system --user-group --no-create-home --home-dir "$state_dir" \
        --shell /usr/sbin/nologin "$service_user" \
        || die "useradd failed to create system user $service_user"
    echo "Created system user $service_user"
fi

# 2. Binary. Write a temporary file and rename it so that a run starting during an
# upgrade executes either the old or the new binary, never a partial one.
install -d -m 0755 "${owner_args[@]}" "$destdir$install_dir" \
    || die "could not create $destdir$install_dir"
binary_target="$destdir$install_dir/$service_name"
install -m 0755 "${owner_args[@]}" "$binary_source" "$binary_target.new" \
    || die "could not copy $binary_source to $binary_target.new"
mv -f "$binary_target.new" "$binary_target" \
    || die "could not move $binary_target.new to $binary_target"
echo "Installed $install_dir/$service_name"

# 3. Units.
install -d -m 0755 "${owner_args[@]}" "$destdir$unit_dir" \
    || die "could not create $destdir$unit_dir"
for unit in "$service_name.service" "$service_name.timer"; do
    install -m 0644 "${owner_args[@]}" "$script_dir/systemd/$unit" "$destdir$unit_dir/$unit" \
        || die "could not install $unit to $destdir$unit_dir"
    echo "Installed $unit_dir/$unit"
done

# 4. Settings. They contain secrets, so the file is root-only; systemd passes a copy
# to the service through LoadCredential=. An existing file is never replaced.
if [[ -e "$destdir$env_file" ]]; then
    echo "Kept existing $env_file (not overwritten)"
else
    if [[ ! -d "$destdir$env_dir" ]]; then
        install -d -m 0755 "${owner_args[@]}" "$destdir$env_dir" \
            || die "could not create $destdir$env_dir"
    fi
    install -m 0600 "${owner_args[@]}" "$script_dir/.env.example" "$destdir$env_file" \
        || die "could not create $destdir$env_file from .env.example"
    echo "Created $env_file from .env.example (mode 0600); fill in the settings"
fi

# 5. Let systemd read the new or changed units.
if [[ "$skip_systemctl" == 1 ]]; then
    echo "Skipped systemctl daemon-reload (SKIP_SYSTEMCTL=1)"
else
    systemctl daemon-reload || die "systemctl daemon-reload failed"
    echo "Reloaded systemd units"
fi

cat <<EOF

Next steps:
  1. Edit the settings:          sudoedit $env_file
  2. Check them:                 sudo $install_dir/$service_name check
  3. Start the hourly timer:     sudo systemctl enable --now $service_name.timer
     Run once now (optional):    sudo systemctl start $service_name.service
  4. Read the logs:              journalctl -u $service_name
State is kept in $state_dir.
EOF
