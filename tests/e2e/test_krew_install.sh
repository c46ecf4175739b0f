#!/usr/bin/env bash
# Installs the release archive with real krew (v0.4.3, built from the Go
# module proxy and cached outside the repository), exactly as a user would
# with `kubectl krew install --manifest=gitops.yaml --archive=<tar.gz>`, then
# runs `kubectl gitops version` through kubectl's plugin discovery and
# completion through the helper the manifest's caveats tell users to copy.
# The manifest passes krew's own validation (validate-krew-manifest), and
# krew/.krew.yaml, rendered as krew-release-bot renders it, is the same
# manifest. Needs no cluster; exits 125 (skipped) without a Go toolchain.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/e2e/dist_archive.sh
source "$here/dist_archive.sh"

krew_version=v0.4.3
if ! command -v go >/dev/null; then
  echo "SKIP: no Go toolchain to build krew $krew_version" >&2
  exit 125
fi
command -v kubectl >/dev/null || fail "kubectl is not installed"

# Go settings of the caller (a workspace, -mod flags) must not leak into these builds.
export GOFLAGS= GOWORK=off GOTOOLCHAIN=local
tools=${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-gitops/tools/krew-$krew_version
if [[ ! -x $tools/krew || ! -x $tools/validate-krew-manifest ]]; then
  echo "building krew $krew_version into $tools"
  mkdir -p "$tools"
  # The tag goes in as krew's own release build puts it (hack/make-binaries.sh).
  if ! GOBIN=$tools go install -ldflags "-X sigs.k8s.io/krew/internal/version.gitTag=$krew_version" \
    "sigs.k8s.io/krew/cmd/krew@$krew_version" "sigs.k8s.io/krew/cmd/validate-krew-manifest@$krew_version"; then
    echo "SKIP: cannot build krew $krew_version from the Go module proxy" >&2
    exit 125
  fi
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/kgitops-krew.XXXXXX")
http_pid=
cleanup() {
  if [[ -n $http_pid ]]; then
    kill "$http_pid" 2>/dev/null || true
    wait "$http_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

build_dist_archive
echo "archive: $DIST_ARCHIVE"
echo "manifest: $DIST_MANIFEST"

# kubectl finds krew as the plugin kubectl-krew, and the installed plugin in
# $KREW_ROOT/bin. Nothing of the build is on PATH.
export KREW_ROOT=$scratch/krew-root
mkdir -p "$scratch/bin"
ln -s "$tools/krew" "$scratch/bin/kubectl-krew"
export PATH=$KREW_ROOT/bin:$scratch/bin:$PATH
if command -v kubectl-gitops >/dev/null; then
  fail "kubectl-gitops is already on PATH ($(command -v kubectl-gitops)): the test could not tell it apart"
fi
# Output is captured before grep reads it: a pipe into grep -q could kill the
# writer with SIGPIPE once grep has its match, which pipefail makes a failure.
out=$(kubectl krew version) || fail "kubectl krew version failed"
grep -q "^GitTag *$krew_version\$" <<<"$out" || fail "kubectl does not run krew $krew_version:"$'\n'"$out"
# Built from the module proxy's krew, checked against its go.sum hash.
out=$(go version -m "$tools/krew") || fail "go version -m $tools/krew failed"
grep -q "^[[:space:]]mod[[:space:]]sigs.k8s.io/krew[[:space:]]$krew_version[[:space:]]h1:" <<<"$out" ||
  fail "$tools/krew is not built from sigs.k8s.io/krew $krew_version"

# --- krew's validation of the manifest -------------------------------------
# The structure of the manifest as released. Its uri names the release page,
# which does not exist before the release, so the install step is skipped here
# and done below from a local server.
"$tools/validate-krew-manifest" -manifest "$DIST_MANIFEST" -skip-install ||
  fail "validate-krew-manifest rejected $DIST_MANIFEST"

# The full validation: krew downloads the uri, checks the sha256, installs
# every platform and looks for the LICENSE. The archive is served from
# 127.0.0.1 on a free port; the manifest is the same but for its uri.
served=$scratch/served
mkdir -p "$served" "$scratch/local"
cp "$DIST_ARCHIVE" "$served/"
python3 -u -c '
import functools, http.server, sys
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
print(server.server_address[1])
server.serve_forever()
' "$served" >"$scratch/http.port" 2>"$scratch/http.log" &
http_pid=$!
until [[ -s $scratch/http.port ]]; do
  kill -0 "$http_pid" 2>/dev/null || fail "the archive server did not start: $(cat "$scratch/http.log")"
  sleep 0.1
done
port=$(head -n 1 "$scratch/http.port")
sed "s|^    uri: .*|    uri: http://127.0.0.1:$port/$(basename "$DIST_ARCHIVE")|" "$DIST_MANIFEST" >"$scratch/local/gitops.yaml"
grep -q "uri: http://127.0.0.1:$port/" "$scratch/local/gitops.yaml" || fail "no uri line in $DIST_MANIFEST"
"$tools/validate-krew-manifest" -manifest "$scratch/local/gitops.yaml" >"$scratch/validate.log" 2>&1 || {
  cat "$scratch/validate.log" >&2
  fail "validate-krew-manifest could not install $DIST_MANIFEST"
}
cat "$scratch/validate.log"
grep -q 'all 1 spec.platforms installed fine' "$scratch/validate.log" || fail "validate-krew-manifest installed nothing"
kill "$http_pid"
wait "$http_pid" 2>/dev/null || true
http_pid=

# --- install from the archive ----------------------------------------------
# An install from a manifest needs no index, but list and uninstall want one:
# an empty local one, as the test clones nothing from the network.
git init -q "$KREW_ROOT/index/default"
kubectl krew install --manifest="$DIST_MANIFEST" --archive="$DIST_ARCHIVE" </dev/null >"$scratch/install.log" 2>&1 || {
  cat "$scratch/install.log" >&2
  fail "kubectl krew install failed"
}
cat "$scratch/install.log"
grep -q 'kubectl_complete-gitops' "$scratch/install.log" || fail "krew did not show the caveats"
# A plugin installed from a manifest belongs to no index: krew calls it detached.
out=$(kubectl krew list) || fail "kubectl krew list failed"
grep -qx 'detached/gitops' <<<"$out" || fail "krew does not list gitops:"$'\n'"$out"
receipt=$KREW_ROOT/receipts/gitops.yaml
[[ -f $receipt ]] || fail "krew wrote no receipt for gitops"
grep -qx "  version: $DIST_VERSION" "$receipt" || fail "krew's receipt is not of version $DIST_VERSION"

store=$KREW_ROOT/store/gitops/$DIST_VERSION
for file in kubectl-gitops kubectl_complete-gitops LICENSE completions/kubectl-gitops.bash \
  completions/_kubectl-gitops completions/kubectl-gitops.fish; do
  [[ -f $store/$file ]] || fail "krew did not install $file in $store"
done

out=$(kubectl gitops version)
[[ $out == "kubectl-gitops $DIST_VERSION" ]] || fail "kubectl gitops version printed '$out'"
# (plugin list exits non-zero over warnings about other folders of PATH)
plugins=$(kubectl plugin list 2>&1 || true)
grep -qx "$KREW_ROOT/bin/kubectl-gitops" <<<"$plugins" ||
  fail "kubectl plugin list does not show the krew-installed plugin:"$'\n'"$plugins"
out=$(kubectl gitops -h) || fail "kubectl gitops -h failed"
grep -q '^Usage: kubectl gitops \[command\] \[flags\]$' <<<"$out" || fail "kubectl gitops -h printed:"$'\n'"$out"

# --- completion, following the caveats -------------------------------------
caveat=$(sed -n 's/^ *\(install -m 0755 .*kubectl_complete-gitops.*\)$/\1/p' "$DIST_MANIFEST")
[[ -n $caveat ]] || fail "the caveats do not say how to install kubectl_complete-gitops"
bash -c "$caveat" || fail "the caveats' command failed: $caveat"
[[ -x $KREW_ROOT/bin/kubectl_complete-gitops ]] || fail "the caveats did not put the helper in krew's bin"
out=$(kubectl __complete gitops sy 2>/dev/null)
[[ $out == sync$'\t'*$'\n:4' ]] || fail "kubectl __complete gitops sy printed '$out'"

# --- krew/.krew.yaml, rendered as krew-release-bot does ----------------------
# The bot runs Go's text/template with addURIAndSha, which renders the URL
# template and adds "uri: <url>\n    sha256: <sha of the download>".
render=$scratch/render
mkdir -p "$render"
cat >"$render/go.mod" <<'GO'
module render

go 1.21
GO
cat >"$render/main.go" <<'GO'
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"text/template"
)

func main() {
	templateFile, tag, sha := os.Args[1], os.Args[2], os.Args[3]
	values := struct{ TagName string }{tag}
	funcs := template.FuncMap{
		"addURIAndSha": func(url, tagName string) string {
			var out bytes.Buffer
			t := template.Must(template.New("url").Parse(url))
			if err := t.Execute(&out, struct{ TagName string }{tagName}); err != nil {
				panic(err)
			}
			return fmt.Sprintf("uri: %s\n    sha256: %s", out.String(), sha)
		},
	}
	t := template.Must(template.New(filepath.Base(templateFile)).Funcs(funcs).ParseFiles(templateFile))
	if err := t.Execute(os.Stdout, values); err != nil {
		panic(err)
	}
}
GO
sha=$(cut -d' ' -f1 "$DIST_ARCHIVE.sha256")
mkdir -p "$scratch/bot"
(cd "$render" && go run . "$dist_source_dir/krew/.krew.yaml" "$DIST_VERSION" "$sha") >"$scratch/bot/gitops.yaml" ||
  fail "krew/.krew.yaml does not render"
"$tools/validate-krew-manifest" -manifest "$scratch/bot/gitops.yaml" -skip-install ||
  fail "validate-krew-manifest rejected krew/.krew.yaml as rendered by the bot"
# Same manifest as dist's, comments aside: the two templates are in step.
strip_comments() { sed '/^#/d' "$1"; }
diff -u <(strip_comments "$DIST_MANIFEST") <(strip_comments "$scratch/bot/gitops.yaml") ||
  fail "krew/.krew.yaml and krew/gitops.yaml render differently"

kubectl krew uninstall gitops >/dev/null
[[ ! -e $KREW_ROOT/bin/kubectl-gitops ]] || fail "krew uninstall left the plugin link"
[[ ! -e $KREW_ROOT/store/gitops ]] || fail "krew uninstall left the plugin's files"
echo "krew install: ok"
