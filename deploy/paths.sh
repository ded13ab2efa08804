# Paths and names shared by install.sh and uninstall.sh, so the two scripts cannot
# drift apart. Both source this file from their own folder.
readonly service_name="microshare-forwarder"
readonly service_user="microshare-forwarder"
readonly install_dir="/opt/microshare-forwarder"
readonly unit_dir="/etc/systemd/system"
readonly env_dir="/opt/occupancy-snapshot"
readonly env_file="$env_dir/.env"
readonly state_dir="/var/lib/microshare-forwarder"
readonly cache_dir="/var/cache/microshare-forwarder"
