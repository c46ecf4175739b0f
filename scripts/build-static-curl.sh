#!/usr/bin/env bash
# Builds the libcurl the static release binary links (scripts/dist.sh): a
# static archive of curl CURL_VERSION, the upstream release Debian bookworm's
# libcurl4-openssl-dev is made from, downloaded from Debian's archive and
# checked against a pinned SHA-256. The HTTP transport speaks plain HTTP/1.1
# to a `kubectl proxy` over a unix socket only, so the library has HTTP and
# unix sockets and nothing else: no TLS, compression, IDN, public suffix list,
# HTTP/2, proxies, cookies, auth or other protocols, and so needs no library
# but glibc. Installed into a versioned cache folder outside the repository,
# once (side-by-side runs wait for each other). Prints the folder (the
# install prefix) on its last line; a second run finds it and returns at once.
set -euo pipefail

curl_version=7.88.1
curl_url=http://deb.debian.org/debian/pool/main/c/curl/curl_${curl_version}.orig.tar.gz
curl_sha256=cdb38b72e36bc5d33d5b8810f8018ece1baa29a8f215b4495e495ded82bbf3c7

# Everything off that the HTTP transport does not use.
configure_args=(
  --disable-shared --enable-static --with-pic
  --enable-http --enable-unix-sockets
  --disable-ftp --disable-file --disable-ldap --disable-ldaps --disable-rtsp --disable-dict
  --disable-telnet --disable-tftp --disable-pop3 --disable-imap --disable-smb --disable-smtp
  --disable-gopher --disable-mqtt --disable-websockets
  --disable-proxy --disable-cookies --disable-alt-svc --disable-hsts --disable-doh --disable-netrc
  --disable-http-auth --disable-crypto-auth --disable-ntlm --disable-ntlm-wb --disable-tls-srp
  --disable-mime --disable-manual --disable-libcurl-option --disable-progress-meter
  --disable-ares --disable-sspi --disable-versioned-symbols
  --without-ssl --without-zlib --without-brotli --without-zstd --without-libidn2 --without-libpsl
  --without-nghttp2 --without-ngtcp2 --without-nghttp3 --without-quiche --without-msh3
  --without-hyper --without-libssh2 --without-libssh --without-wolfssh --without-librtmp
  --without-libgsasl --without-gssapi --without-ca-bundle --without-ca-path
  --without-zsh-functions-dir --without-fish-functions-dir
)

die() {
  echo "build-static-curl.sh: error: $*" >&2
  exit 1
}

for tool in curl tar make cc sha256sum flock; do
  command -v "$tool" >/dev/null || die "'$tool' is not installed (scripts/install-deps.sh installs it)"
done

cache_dir=${KGITOPS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-gitops}
# The folder's name carries a hash of the options: a change of them builds anew.
options_hash=$(printf '%s\n' "$curl_sha256" "${configure_args[@]}" | sha256sum | cut -c1-12)
prefix=$cache_dir/curl-$curl_version-static-$options_hash
built() { [[ -f $prefix/lib/libcurl.a && -f $prefix/include/curl/curl.h ]]; }

if ! built; then
  mkdir -p "$cache_dir"
  # One build at a time; a run that waited finds the library built.
  exec 9>"$cache_dir/.curl-$curl_version.lock"
  flock 9
fi
if ! built; then
  echo "build-static-curl.sh: building a static HTTP-only libcurl $curl_version" >&2
  staging=$(mktemp -d "$cache_dir/.curl-build.XXXXXX")
  # shellcheck disable=SC2064 # the folder is known now
  trap "rm -rf '$staging'" EXIT
  curl -fsSL --max-time 300 --connect-timeout 30 --retry 3 --retry-delay 5 \
    -o "$staging/curl.tar.gz" "$curl_url" || die "cannot download $curl_url"
  echo "$curl_sha256  $staging/curl.tar.gz" | sha256sum -c --quiet - ||
    die "$curl_url does not have the pinned SHA-256"
  tar -xzf "$staging/curl.tar.gz" -C "$staging"
  source_dir=$staging/curl-$curl_version
  log=$staging/build.log
  # The library alone: neither the curl program nor its documentation.
  # (The install goes through DESTDIR into the staging folder, then moves
  # into place whole, so a failed build never leaves a folder later runs trust.)
  if ! (cd "$source_dir" &&
    ./configure --prefix="$prefix" "${configure_args[@]}" CFLAGS="-O2 -g0" &&
    make -j2 -C lib &&
    make -C lib install DESTDIR="$staging/root" &&
    make -C include install DESTDIR="$staging/root" &&
    install -D -m 0644 libcurl.pc "$staging/root$prefix/lib/pkgconfig/libcurl.pc") >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "building libcurl $curl_version failed"
  fi
  rm -rf "$prefix"
  mv "$staging/root$prefix" "$prefix"
fi
echo "$prefix"
