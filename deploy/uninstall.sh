#!/usr/bin/env bash
# Remove microshare-forwarder: stop and disable the timer, delete the binary and units.
# Run as root.
#
# Usage: uninstall.sh [--purge]
#   By default the settings file /opt/occupancy-snapshot/.env, the state directory
#   /var/lib/microshare-forwarder and the system user are kept, so a later install
#   resumes where this one stopped. --purge deletes them too, together with the
#   cache directory /var/cache/microshare-forwarder.
#
# Environment, for test roots: DESTDIR, SKIP_USERADD=1 and SKIP_SYSTEMCTL=1 as in
# install.sh.
set -euo pipefail

# shellcheck source=paths.sh
source "$(dirname "${BASH_SOURCE[0]}")/paths.sh"

die() {
    echo "uninstall.sh: error: $*" >&2
    exit 1
}

destdir="${DESTDIR:-}"
destdir="${destdir%/}"
skip_useradd="${SKIP_USERADD:-0}"
skip_systemctl="${SKIP_SYSTEMCTL:-0}"

purge=0
for argument in "$@"; do
    case "$argument" in
        --purge) purge=1 ;;
        *) die "unknown argument '$argument': the only option is --purge" ;;
    esac
done

if [[ -n "$destdir" && ("$skip_useradd" != 1 || "$skip_systemctl" != 1) ]]; then
    die "DESTDIR is set to '$destdir': also set SKIP_USERADD=1 and SKIP_SYSTEMCTL=1, because userdel and systemctl act on the running system"
fi
if ((EUID != 0)) && [[ -z "$destdir" ]]; then
    die "must run as root (try: sudo $0 $*)"
fi

# 1. Stop the timer and any run in progress, and remove the timers.target link.
if [[ "$skip_systemctl" == 1 ]]; then
    echo "Skipped stopping and disabling $service_name.timer (SKIP_SYSTEMCTL=1)"
else
    systemctl disable --now "$service_name.timer" \
        || echo "uninstall.sh: warning: could not disable $service_name.timer; continuing" >&2
    systemctl stop "$service_name.service" \
        || echo "uninstall.sh: warning: could not stop $service_name.service; continuing" >&2
    echo "Stopped and disabled $service_name.timer"
fi

# 2. Units and binary. The link is removed here as well for test roots, where
# systemctl did not run.
rm -f "$destdir$unit_dir/timers.target.wants/$service_name.timer" \
    "$destdir$unit_dir/$service_name.timer" \
    "$destdir$unit_dir/$service_name.service" \
    || die "could not remove the units from $destdir$unit_dir"
echo "Removed $unit_dir/$service_name.service and .timer"

rm -f "$destdir$install_dir/$service_name" "$destdir$install_dir/$service_name.new" \
    || die "could not remove $destdir$install_dir/$service_name"
if [[ -d "$destdir$install_dir" ]]; then
    rmdir "$destdir$install_dir" 2>/dev/null \
        || echo "Kept $install_dir because it contains other files"
fi
echo "Removed $install_dir/$service_name"

if [[ "$skip_systemctl" != 1 ]]; then
    systemctl daemon-reload || die "systemctl daemon-reload failed"
    systemctl reset-failed "$service_name.service" "$service_name.timer" 2>/dev/null || true
fi

# 3. Settings, state, cache and user: only with --purge.
if ((purge == 0)); then
    echo "Kept $env_file and $state_dir (run with --purge to delete them)"
    exit 0
fi

rm -f "$destdir$env_file" || die "could not remove $destdir$env_file"
echo "Removed $env_file"
if [[ -d "$destdir$env_dir" ]]; then
    rmdir "$destdir$env_dir" 2>/dev/null \
        || echo "Kept $env_dir because it contains other files"
fi

rm -rf "$destdir$state_dir" "$destdir$cache_dir" \
    || die "could not remove $destdir$state_dir or $destdir$cache_dir"
echo "Removed $state_dir and $cache_dir"

if [[ "$skip_useradd" == 1 ]]; then
    echo "Skipped removing user $service_user (SKIP_USERADD=1)"
elif id -u "$service_user" >/dev/null 2>&1; then
    userdel "$service_user" || die "userdel failed to remove system user $service_user"
    echo "Removed system user $service_user"
fi
