#!/usr/bin/env bash
# The binary of the release archive runs on a machine without the build's
# -dev libraries: it needs only glibc's libc, libm and loader (ldd), and it
# runs with a library folder that holds copies of just those, the loader's
# cache bypassed, and in a root of its own where nothing else exists. The
# archive holds what the krew manifest installs, and the manifest carries the
# version of the binary, which is CMake's project() version.
# Needs no cluster.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/e2e/dist_archive.sh
source "$here/dist_archive.sh"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/kgitops-static.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

build_dist_archive
echo "archive: $DIST_ARCHIVE"

# The only shared libraries the binary may need (docs/install.md lists them):
# glibc's, and MIT Kerberos' GSSAPI with its own dependencies, which libgit2
# uses for Negotiate auth and which Debian ships no static archive of.
allowed=(libc.so.6 libm.so.6 ld-linux-x86-64.so.2 libresolv.so.2
  libgssapi_krb5.so.2 libkrb5.so.3 libk5crypto.so.3 libcom_err.so.2 libkrb5support.so.0 libkeyutils.so.1)

# --- the archive ----------------------------------------------------------
contents=$(tar -tzvf "$DIST_ARCHIVE" | awk '{print $1, $6}' | sort -k2)
expected_contents="-rwxr-xr-x kubectl-gitops
-rw-r--r-- LICENSE
drwxr-xr-x completions/
-rw-r--r-- completions/_kubectl-gitops
-rw-r--r-- completions/kubectl-gitops.bash
-rw-r--r-- completions/kubectl-gitops.fish
-rwxr-xr-x kubectl_complete-gitops"
[[ $contents == "$(sort -k2 <<<"$expected_contents")" ]] ||
  fail "archive contents differ:"$'\n'"$contents"
(cd "$(dirname "$DIST_ARCHIVE")" && sha256sum -c --quiet "$(basename "$DIST_ARCHIVE").sha256") ||
  fail "the .sha256 file does not match the archive"
grep -q "Apache License" <(tar -xzOf "$DIST_ARCHIVE" LICENSE) || fail "LICENSE is not the Apache license"

pkg=$scratch/pkg
mkdir "$pkg"
tar -xzf "$DIST_ARCHIVE" -C "$pkg"
binary=$pkg/kubectl-gitops

# One version source: CMakeLists.txt's project() version is what the binary,
# the archive name and the manifest say.
project_version=$(sed -n 's/^project(kubectl-gitops VERSION \([0-9.]*\).*/\1/p' "$dist_source_dir/CMakeLists.txt")
[[ -n $project_version ]] || fail "no project() version in CMakeLists.txt"
[[ $DIST_VERSION == "v$project_version" ]] || fail "archive version $DIST_VERSION, CMake says $project_version"
grep -qx "  version: v$project_version" "$DIST_MANIFEST" || fail "manifest version is not v$project_version"
grep -qx "    sha256: $(cut -d' ' -f1 "$DIST_ARCHIVE.sha256")" "$DIST_MANIFEST" ||
  fail "manifest sha256 is not the archive's"

# --- what the ELF asks for ------------------------------------------------
# (Output is captured before grep reads it: in a pipe into grep -q the writer
# could die of SIGPIPE, which pipefail makes a failure.)
header=$(readelf -h "$binary") || fail "readelf cannot read the binary"
grep -q 'Machine:.*X86-64' <<<"$header" || fail "not an x86-64 ELF"
# Position-independent, with no relocation into its code (the dist link
# passes -z text; this catches a link that lost it).
grep -q 'Type:.*DYN' <<<"$header" || fail "not a position-independent executable"
dynamic=$(readelf -d "$binary") || fail "readelf cannot read the dynamic section"
if grep -q TEXTREL <<<"$dynamic"; then
  fail "the binary has text relocations"
fi
needed=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort)
echo "NEEDED: $(tr '\n' ' ' <<<"$needed")"
while read -r lib; do
  [[ -n $lib ]] || continue
  [[ " ${allowed[*]} " == *" $lib "* ]] || fail "the binary needs $lib, which is not allowed"
done <<<"$needed"
interpreter=$(readelf -l "$binary" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
[[ $interpreter == /lib64/ld-linux-x86-64.so.2 ]] || fail "unexpected interpreter '$interpreter'"

# ldd resolves the whole tree: nothing but the allowed libraries.
ldd_out=$(ldd "$binary")
echo "$ldd_out"
declare -A resolved=()
while read -r line; do
  name=${line%% *}
  case $name in
    linux-vdso.so.1 | "") continue ;;
    /lib64/ld-linux-x86-64.so.2) name=ld-linux-x86-64.so.2 ;;
  esac
  [[ " ${allowed[*]} " == *" $name "* ]] || fail "ldd: the binary loads $name"
  path=$(awk '/=>/ {print $3; exit} !/=>/ {print $1}' <<<"$line")
  [[ -f $path ]] || fail "ldd: cannot resolve $name ($line)"
  resolved[$name]=$path
done <<<"$ldd_out"
[[ -n ${resolved[libc.so.6]:-} ]] || fail "ldd did not list libc.so.6"
resolved[ld-linux-x86-64.so.2]=$(readlink -f /lib64/ld-linux-x86-64.so.2)

# --- a library folder with copies of the allowed libraries only ------------
libs=$scratch/libs
mkdir "$libs"
for name in "${!resolved[@]}"; do
  cp -L "${resolved[$name]}" "$libs/$name"
done

# Runs the binary with the copied loader and only $libs on the library path,
# bypassing /etc/ld.so.cache; LD_DEBUG shows where each library came from.
run_isolated() {
  local debug=$scratch/ld-debug
  rm -f "$debug".*
  env -i LD_LIBRARY_PATH="$libs" LD_DEBUG=libs LD_DEBUG_OUTPUT="$debug" PATH=/nonexistent \
    "$libs/ld-linux-x86-64.so.2" --library-path "$libs" --inhibit-cache "$binary" "$@"
  # The loader looked for every library in $libs only, and found it there.
  local tried
  tried=$(sed -n -e 's/.*trying file=\(.*\)/\1/p' -e 's/.*calling init: \(.*\)/\1/p' "$debug".* | sort -u)
  [[ -n $tried ]] || fail "LD_DEBUG recorded no library"
  while read -r lib; do
    [[ $lib == "$libs"/* ]] || fail "the loader looked for $lib, outside the allowed library folder"
  done <<<"$tried"
}

out=$(run_isolated version)
[[ $out == "kubectl-gitops $DIST_VERSION" ]] || fail "isolated 'version' printed '$out'"
out=$(run_isolated -h)
grep -q '^Usage: kubectl gitops \[command\] \[flags\]$' <<<"$out" || fail "isolated -h printed:"$'\n'"$out"
out=$(run_isolated __complete sy)
[[ $out == sync$'\t'*$'\n:4' ]] || fail "isolated __complete printed '$out'"
# kubectl is not on PATH here: completion of --app gives nothing, not an error.
out=$(run_isolated __complete sync --app "")
[[ $out == ":4" ]] || fail "__complete without kubectl printed '$out'"
# The scripts are embedded: the binary prints the files it was built with.
for shell in bash zsh fish; do
  case $shell in
    bash) file=kubectl-gitops.bash ;;
    zsh) file=_kubectl-gitops ;;
    fish) file=kubectl-gitops.fish ;;
  esac
  run_isolated completion "$shell" | cmp -s - "$pkg/completions/$file" ||
    fail "'completion $shell' differs from completions/$file"
done
echo "isolated run: ok"

# --- a root where only the binary and the allowed libraries exist ----------
if [[ $(id -u) -eq 0 ]] && command -v chroot >/dev/null; then
  root=$scratch/root
  mkdir -p "$root/lib64" "$root/lib/x86_64-linux-gnu" "$root/tmp"
  cp "$libs/ld-linux-x86-64.so.2" "$root/lib64/"
  for name in "${!resolved[@]}"; do
    [[ $name == ld-linux-x86-64.so.2 ]] || cp "$libs/$name" "$root/lib/x86_64-linux-gnu/"
  done
  cp "$binary" "$root/kubectl-gitops"
  chroot=$(command -v chroot)
  out=$(env -i PATH=/ "$chroot" "$root" /kubectl-gitops version)
  [[ $out == "kubectl-gitops $DIST_VERSION" ]] || fail "chroot 'version' printed '$out'"
  out=$(env -i PATH=/ "$chroot" "$root" /kubectl-gitops __complete status -o "")
  [[ $out == $'table\njson\nyaml\n:4' ]] || fail "chroot __complete printed '$out'"
  echo "chroot run: ok"
else
  echo "note: not root, the run in an empty root was left out"
fi

