#!/usr/bin/env bash
# Builds the release of kubectl-gitops for linux/amd64:
#   <out>/kubectl-gitops_<version>_linux_amd64.tar.gz   the binary, LICENSE,
#       kubectl_complete-gitops and the completion scripts
#   <out>/kubectl-gitops_<version>_linux_amd64.tar.gz.sha256
#   <out>/gitops.yaml   the krew manifest, rendered from krew/gitops.yaml
#
# The binary is built with KGITOPS_STATIC_DIST=ON in a build folder of its
# own, with the HTTP-only static libcurl scripts/build-static-curl.sh builds
# (once, into a cache folder outside the repository), and the version is the
# one that binary reports (CMake's project() version is the only source).
#
# usage: scripts/dist.sh [--build-dir DIR] [--out-dir DIR]
#   --build-dir   the static build folder (default: build-dist-static)
#   --out-dir     where the release files go (default: dist)
# KGITOPS_RELEASE_URL sets where the archive will be downloaded from (the
# manifest's uri is $KGITOPS_RELEASE_URL/<archive>); by default the release
# page of the manifest's homepage.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=$repo/build-dist-static
out_dir=$repo/dist

die() {
  echo "dist.sh: error: $*" >&2
  exit 1
}

while (($# > 0)); do
  case $1 in
    --build-dir) build_dir=${2:?--build-dir needs a folder}; shift 2 ;;
    --out-dir) out_dir=${2:?--out-dir needs a folder}; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

[[ $(uname -s)/$(uname -m) == Linux/x86_64 ]] || die "builds linux/amd64 archives only, this is $(uname -s)/$(uname -m)"
for tool in cmake ninja strip tar gzip sha256sum flock; do
  command -v "$tool" >/dev/null || die "'$tool' is not installed (scripts/install-deps.sh installs it)"
done

mkdir -p "$build_dir" "$out_dir"
build_dir=$(cd "$build_dir" && pwd)
out_dir=$(cd "$out_dir" && pwd)
# One dist at a time per build folder (tests may run it side by side).
exec 9>"$build_dir/.dist.lock"
flock 9

# The compile flags of scripts/build.sh's build (RelWithDebInfo), so that a
# compiler cache serves the objects of one build to the other: only the link
# (and the one file that includes curl.h) differs. strip drops the debug information from the archived binary.
curl_prefix=$("$repo/scripts/build-static-curl.sh" | tail -n 1)
[[ -f $curl_prefix/lib/libcurl.a ]] || die "scripts/build-static-curl.sh printed no libcurl prefix"
cmake -S "$repo" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKGITOPS_STATIC_DIST=ON \
  -DKGITOPS_STATIC_CURL_PREFIX="$curl_prefix" >/dev/null
ninja -C "$build_dir" -j "${KGITOPS_DIST_JOBS:-2}" kubectl-gitops >&2
binary=$build_dir/plugin/kubectl-gitops

version=$("$binary" version | awk '{print $2}')
[[ $version =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "'$binary version' printed '$version', not vX.Y.Z"
name=kubectl-gitops_${version}_linux_amd64
archive=$out_dir/$name.tar.gz

staging=$(mktemp -d "${TMPDIR:-/tmp}/kgitops-dist.XXXXXX")
trap 'rm -rf "$staging"' EXIT
mkdir "$staging/completions"
strip -o "$staging/kubectl-gitops" "$binary"
chmod 0755 "$staging/kubectl-gitops"
install -m 0755 "$repo/completions/kubectl_complete-gitops" "$staging/"
install -m 0644 "$repo/LICENSE" "$staging/"
install -m 0644 "$repo/completions/kubectl-gitops.bash" "$repo/completions/_kubectl-gitops" \
  "$repo/completions/kubectl-gitops.fish" "$staging/completions/"

# The same inputs give the same bytes: fixed order, owner and time.
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct 2>/dev/null || echo 0)}
tar -C "$staging" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
  -cf - kubectl-gitops kubectl_complete-gitops LICENSE completions | gzip -n -9 >"$archive.tmp"
mv "$archive.tmp" "$archive"
sha256=$(sha256sum "$archive" | cut -d' ' -f1)
echo "$sha256  $name.tar.gz" >"$archive.sha256"

template=$repo/krew/gitops.yaml
homepage=$(sed -n 's/^  homepage: *//p' "$template")
[[ -n $homepage ]] || die "$template has no spec.homepage"
uri=${KGITOPS_RELEASE_URL:-$homepage/releases/download/$version}/$name.tar.gz
sed -e '1,/^apiVersion:/{/^#/d}' -e "s|@VERSION@|$version|g" -e "s|@URI@|$uri|g" \
  -e "s|@SHA256@|$sha256|g" "$template" >"$out_dir/gitops.yaml"
if grep -n '@[A-Z0-9_]*@' "$out_dir/gitops.yaml" >&2; then
  die "$template has a placeholder dist.sh does not know"
fi

echo "$archive"
echo "$archive.sha256"
echo "$out_dir/gitops.yaml"
