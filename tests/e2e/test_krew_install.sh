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

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

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
  if ! GOBIN=$tools go install "sigs.k8s.io/krew/cmd/krew@$krew_version" \
    "sigs.k8s.io/krew/cmd/validate-krew-manifest@$krew_version"; then
    echo "SKIP: cannot build krew $krew_version from the Go module proxy" >&2
    exit 125
  fi
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/kgitops-krew.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

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
kubectl krew version | grep -q "$krew_version" || fail "kubectl does not run krew $krew_version"

# --- krew's validation of the manifest -------------------------------------
# Its install step would download the uri (the published release), so it is
# skipped; the install from the local archive below does the same checks.
"$tools/validate-krew-manifest" -manifest "$DIST_MANIFEST" -skip-install ||
  fail "validate-krew-manifest rejected $DIST_MANIFEST"

# --- install from the archive ----------------------------------------------
kubectl krew install --manifest="$DIST_MANIFEST" --archive="$DIST_ARCHIVE" >"$scratch/install.log" 2>&1 || {
  cat "$scratch/install.log" >&2
  fail "kubectl krew install failed"
}
cat "$scratch/install.log"
grep -q 'kubectl_complete-gitops' "$scratch/install.log" || fail "krew did not show the caveats"
kubectl krew list | grep -qx gitops || fail "krew does not list gitops"

store=$KREW_ROOT/store/gitops/$DIST_VERSION
for file in kubectl-gitops kubectl_complete-gitops LICENSE completions/kubectl-gitops.bash \
  completions/_kubectl-gitops completions/kubectl-gitops.fish; do
  [[ -f $store/$file ]] || fail "krew did not install $file in $store"
done

out=$(kubectl gitops version)
[[ $out == "kubectl-gitops $DIST_VERSION" ]] || fail "kubectl gitops version printed '$out'"
kubectl plugin list 2>/dev/null | grep -q "$KREW_ROOT/bin/kubectl-gitops" ||
  fail "kubectl plugin list does not show the krew-installed plugin"
kubectl gitops -h | grep -q '^Usage: kubectl gitops \[command\] \[flags\]$' || fail "kubectl gitops -h"

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
echo "krew install: ok"
