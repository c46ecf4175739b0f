#!/usr/bin/env bash
# The pre-commit framework, installed from PyPI, reads this project's
# .pre-commit-hooks.yaml: `pre-commit run` and `try-repo` pass a good
# repository and fail a bad manifest naming its file; installed as git hooks,
# the pre-commit stage checks the staged files (not HEAD) and the pre-push
# stage checks what is pushed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# language: system runs `kubectl-gitops` from PATH: the binary under test.
PATH="$(cd "$(dirname "$KGITOPS_BIN")" && pwd):$PATH"
export PATH
unset KUBECTL_GITOPS_BIN
export KUBECTL_GITOPS_CACHE="$SCRATCH_DIR/cache"
export PRE_COMMIT_HOME="$SCRATCH_DIR/pre-commit-home"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$SCRATCH_DIR/gitconfig"
export GIT_CEILING_DIRECTORIES=$SCRATCH_DIR
git config --global init.defaultBranch main
git config --global protocol.file.allow always

venv="$SCRATCH_DIR/venv"
if ! python3 -m venv "$venv" >"$SCRATCH_DIR/venv.log" 2>&1; then
  echo "SKIP: python3 -m venv does not work here: $(tail -1 "$SCRATCH_DIR/venv.log")" >&2
  exit 125
fi
if ! "$venv/bin/pip" install -q --disable-pip-version-check --timeout 30 --retries 1 pre-commit \
  >"$SCRATCH_DIR/pip.log" 2>&1; then
  echo "SKIP: cannot install pre-commit from PyPI (unreachable?): $(tail -1 "$SCRATCH_DIR/pip.log")" >&2
  exit 125
fi
pre_commit="$venv/bin/pre-commit"
echo "using pre-commit $("$pre_commit" --version)"

# A hook repository holding this project's hook definitions, as pre-commit
# clones it from a remote.
hook_repo="$SCRATCH_DIR/hook-repo"
make_git_repo "$hook_repo"
cp "$KGITOPS_SOURCE_DIR/.pre-commit-hooks.yaml" "$hook_repo/"
hook_rev=$(commit_all "$hook_repo" "hook definitions")

repo="$SCRATCH_DIR/manifests"
make_git_repo "$repo"
cat >"$repo/.pre-commit-config.yaml" <<YAML
repos:
- repo: $hook_repo
  rev: $hook_rev
  hooks:
  - id: kubectl-gitops-validate
YAML
mkdir -p "$repo/deploy"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n' >"$repo/deploy/settings.yaml"
commit_all "$repo" "good manifests" >/dev/null

in_repo() { (cd "$repo" && "$@" 2>&1); }

echo "--- pre-commit run: a good repository passes"
out=$(in_repo "$pre_commit" run --all-files) || fail "pre-commit failed a good repository:"$'\n'"$out"
assert_contains "$out" "kubectl-gitops validate" # the name in .pre-commit-hooks.yaml
assert_contains "$out" "Passed"

echo "--- pre-commit run: a plaintext Secret fails, naming the file"
printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n' >"$repo/deploy/db.yaml"
commit_all "$repo" "a plaintext Secret" >/dev/null
out=$(in_repo "$pre_commit" run --all-files) && fail "pre-commit passed a plaintext Secret:"$'\n'"$out"
assert_contains "$out" "Failed"
assert_contains "$out" "deploy/db.yaml:1: error: Secret db has plaintext values in git"

echo "--- pre-commit try-repo reads the hook definitions of the repository"
out=$(in_repo "$pre_commit" try-repo "$hook_repo" kubectl-gitops-validate --all-files) &&
  fail "try-repo passed a plaintext Secret:"$'\n'"$out"
assert_contains "$out" "deploy/db.yaml:1: error:"
git -C "$repo" rm -q deploy/db.yaml
commit_all "$repo" "no Secret" >/dev/null
out=$(in_repo "$pre_commit" try-repo "$hook_repo" kubectl-gitops-validate --all-files) ||
  fail "try-repo failed a good repository:"$'\n'"$out"

echo "--- as the git pre-commit hook it checks the staged files, not HEAD"
in_repo "$pre_commit" install >/dev/null
head=$(git -C "$repo" rev-parse HEAD)
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata: [unclosed\n' >"$repo/deploy/broken.yaml"
git -C "$repo" add deploy/broken.yaml
out=$(git -C "$repo" commit -q -m "broken YAML" 2>&1) && fail "a commit of broken YAML went through:"$'\n'"$out"
assert_contains "$out" "deploy/broken.yaml:"
assert_eq "$head" "$(git -C "$repo" rev-parse HEAD)" "HEAD after a refused commit"
# Fixed in the index only: what the commit would contain is what counts.
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fixed\ndata:\n  a: b\n' >"$repo/deploy/broken.yaml"
git -C "$repo" add deploy/broken.yaml
out=$(git -C "$repo" commit -q -m "fixed YAML" 2>&1) || fail "a good commit was refused:"$'\n'"$out"
[[ $(git -C "$repo" rev-parse HEAD) != "$head" ]] || fail "the good commit was not made"

echo "--- as the git pre-push hook it checks what is pushed"
remote="$SCRATCH_DIR/remote.git"
git init -q --bare "$remote"
git -C "$repo" remote add origin "$remote"
in_repo "$pre_commit" install --hook-type pre-push >/dev/null
out=$(git -C "$repo" push -q origin main 2>&1) || fail "a good push was refused:"$'\n'"$out"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: c\n' >"$repo/deploy/copy.yaml"
git -C "$repo" add deploy/copy.yaml
git -C "$repo" commit -q --no-verify -m "a duplicate, committed past the pre-commit stage"
out=$(git -C "$repo" push -q origin main 2>&1) && fail "a push of a duplicate went through:"$'\n'"$out"
assert_contains "$out" "declared twice: deploy/copy.yaml:1 and deploy/settings.yaml:1"
[[ $(git -C "$remote" rev-parse main) != $(git -C "$repo" rev-parse HEAD) ]] || fail "the duplicate reached the remote"
echo "PASS"
