#!/usr/bin/env bash
# Installs everything kubectl-gitops needs to build and test, from Debian's
# packages. Idempotent: a second run installs nothing and takes a second.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git openssl ca-certificates curl
  libgit2-dev libyaml-cpp-dev libcli11-dev libcurl4-openssl-dev
  nlohmann-json3-dev libboost-dev libboost-filesystem-dev doctest-dev libssl-dev libkrb5-dev
  clang-format ccache bash bash-completion zsh fish tmux python3 python3-venv
  clang-14 libfuzzer-14-dev libclang-rt-14-dev  # the fuzz targets (scripts/fuzz.sh)
)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
