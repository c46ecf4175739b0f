#!/usr/bin/env bash
# A change of an immutable field: a Job whose image changes in git is
# replaced (deleted and created again) when it opts in with
# gitops.kubectl.dev/force: enabled; without it, the sync fails naming the
# object, the field and the annotation, and prunes nothing. diff and
# sync --dry-run say "would be replaced" and change nothing.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_local_env

ns=$(new_namespace immutable)
app=$(unique_name immutable)
on_exit kubectl delete configmap "gitops-$app" -n kubectl-gitops --ignore-not-found
repo="$SCRATCH_DIR/repo"
make_git_repo "$repo"
job() {
  local name=$1 image=$2 annotations=${3:-}
  cat >"$repo/$name.yaml" <<YAML
apiVersion: batch/v1
kind: Job
metadata:
  name: $name
$annotations
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: $image
        command: ["true"]
YAML
}
forced=$'  annotations:\n    gitops.kubectl.dev/force: enabled'
job migrate-forced busybox:1.36 "$forced"
job migrate-strict busybox:1.36
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keep\ndata: {a: b}\n' >"$repo/keep.yaml"
commit_all "$repo" "two migration Jobs" >/dev/null
sync() { gitops sync --repo "$repo" --app "$app" -n "$ns" "$@"; }
uid() { kubectl get job "$1" -n "$ns" -o jsonpath='{.metadata.uid}'; }
image() { kubectl get job "$1" -n "$ns" -o jsonpath='{.spec.template.spec.containers[0].image}'; }
sync --prune >/dev/null
forced_uid=$(uid migrate-forced)
strict_uid=$(uid migrate-strict)

echo "--- a new image for the Job that opts in: diff and dry run say it would be replaced"
job migrate-forced busybox:1.37 "$forced"
commit_all "$repo" "new migration image" >/dev/null
set +e
out=$(gitops diff --repo "$repo" --app "$app" -n "$ns" 2>&1)
status=$?
set -e
assert_eq 1 "$status" "exit code of diff with a change; output:"$'\n'"$out"
assert_contains "$out" "# Job.batch $ns/migrate-forced: would be replaced (spec.template is immutable)"
out=$(sync --prune --dry-run 2>&1) || fail "the dry run failed:"$'\n'"$out"
assert_contains "$out" "Job.batch $ns/migrate-forced would be replaced (spec.template is immutable)"
assert_contains "$out" "1 replaced"
assert_eq "$forced_uid" "$(uid migrate-forced)" "UID after the dry run"
assert_eq busybox:1.36 "$(image migrate-forced)" "image after the dry run"

echo "--- the sync replaces it: a new UID, the new image, counted as replaced"
out=$(sync --prune 2>&1) || fail "the sync failed:"$'\n'"$out"
assert_contains "$out" "Job.batch $ns/migrate-forced replaced: deleted and created again (spec.template is immutable)"
assert_contains "$out" ": 0 created, 1 replaced, 0 configured, 0 pruned, 2 unchanged"
new_uid=$(uid migrate-forced)
[[ -n $new_uid && $new_uid != "$forced_uid" ]] || fail "the Job was not replaced: UID $new_uid, was $forced_uid"
assert_eq busybox:1.37 "$(image migrate-forced)" "image after the replace"
out=$(sync --prune 2>&1)
assert_contains "$out" ": 0 created, 0 configured, 0 pruned, 3 unchanged"

echo "--- without the annotation: a clear error naming the field and the hint, and no prune"
job migrate-strict busybox:1.37
git -C "$repo" rm -q keep.yaml
commit_all "$repo" "new image for the strict Job, keep removed" >/dev/null
set +e
err=$(sync --prune 2>&1 >/dev/null)
status=$?
set -e
assert_eq 2 "$status" "exit code of a sync that changes an immutable field"
assert_contains "$err" "Job.batch $ns/migrate-strict: migrate-strict.yaml"
assert_contains "$err" "cannot change spec.template: the field is immutable"
assert_contains "$err" "annotate the object gitops.kubectl.dev/force: enabled"
assert_contains "$err" "nothing was pruned because an apply failed"
kubectl get configmap keep -n "$ns" >/dev/null || fail "keep was pruned after a failed apply"
assert_eq "$strict_uid" "$(uid migrate-strict)" "UID of the strict Job"
set +e
out=$(sync --prune --dry-run 2>&1)
set -e
assert_contains "$out" "cannot change spec.template"
assert_not_contains "$out" "nothing was pruned"
out=$(gitops diff --repo "$repo" --app "$app" -n "$ns" 2>&1 || true)
assert_contains "$out" "# Job.batch $ns/migrate-strict: a sync would fail: cannot change spec.template"
echo "PASS"
