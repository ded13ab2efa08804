#!/usr/bin/env bash
# Build a self-contained single-file release of microshare-forwarder and pack it
# with the install scripts and systemd units.
#
# Usage: deploy/build-release.sh [linux-x64|linux-arm64]   (default: linux-x64)
#
# Output:
#   artifacts/release/RID/microshare-forwarder        the published executable
#   artifacts/microshare-forwarder-RID.tar.gz          executable, install.sh,
#                                                      uninstall.sh, paths.sh, systemd/, .env.example
set -euo pipefail

readonly binary_name="microshare-forwarder"

die() {
    echo "build-release.sh: error: $*" >&2
    exit 1
}

rid="${1:-linux-x64}"
case "$rid" in
    linux-x64 | linux-arm64) ;;
    *) die "unsupported runtime identifier '$rid': expected linux-x64 or linux-arm64" ;;
esac

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/.." && pwd)"
project="$repo_root/src/MicroshareForwarder/MicroshareForwarder.csproj"
publish_dir="$repo_root/artifacts/release/$rid"
archive="$repo_root/artifacts/$binary_name-$rid.tar.gz"

[[ -f "$project" ]] || die "project file not found: $project"
command -v dotnet >/dev/null || die "dotnet not found on PATH: install the .NET SDK that global.json names"

for required in install.sh uninstall.sh paths.sh .env.example systemd/$binary_name.service systemd/$binary_name.timer; do
    [[ -f "$script_dir/$required" ]] || die "missing deploy file: deploy/$required"
done

echo "Publishing $binary_name for $rid into ${publish_dir#"$repo_root"/}"
rm -rf "$publish_dir"
dotnet publish "$project" -c Release -r "$rid" -o "$publish_dir" \
    || die "dotnet publish failed for $rid"

[[ -x "$publish_dir/$binary_name" ]] \
    || die "dotnet publish did not produce $publish_dir/$binary_name"

# Stage the archive contents in a temporary folder so the archive has one
# top-level directory and carries the file modes install.sh expects.
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
package_dir="$staging/$binary_name-$rid"
mkdir -p "$package_dir/systemd"

install -m 0755 "$publish_dir/$binary_name" "$package_dir/$binary_name"
install -m 0755 "$script_dir/install.sh" "$package_dir/install.sh"
install -m 0755 "$script_dir/uninstall.sh" "$package_dir/uninstall.sh"
install -m 0644 "$script_dir/paths.sh" "$package_dir/paths.sh"
install -m 0644 "$script_dir/.env.example" "$package_dir/.env.example"
install -m 0644 "$script_dir"/systemd/* "$package_dir/systemd/"

mkdir -p "$(dirname "$archive")"
tar -C "$staging" --owner=0 --group=0 --numeric-owner -czf "$archive" "$binary_name-$rid" \
    || die "could not write $archive"

echo "Wrote ${archive#"$repo_root"/} ($(du -h "$archive" | cut -f1))"
