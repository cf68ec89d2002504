#!/usr/bin/env bash
# Installs the Debian packages skep's sandbox and tests need, only when something is missing.
set -euo pipefail
packages=(docker.io docker-registry restic debootstrap iproute2 iptables socat openssl openssh-server openssh-client iperf3 logrotate libsqlite3-dev python3-aiosmtpd chromium)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${missing[*]}; run as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
