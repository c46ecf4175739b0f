#!/usr/bin/env bash
# Shell completion as users get it, in real shells: the scripts that
# `kubectl-gitops completion bash|zsh|fish` prints load without error and
# complete subcommands, flags and flag values when Tab is pressed (bash, zsh
# and fish driven through tmux); `kubectl gitops <Tab>` completes through
# kubectl, which runs kubectl_complete-gitops from PATH; and --app, --context
# and -n values come from the test cluster (the only part that needs it).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=${KGITOPS_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
binary=${KGITOPS_BIN:-}
[[ -x $binary ]] || {
  echo "FAIL: set KGITOPS_BIN to the kubectl-gitops binary to test (CTest does)" >&2
  exit 1
}

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

assert_lines() {
  local what=$1 actual=$2 expected=$3
  [[ $actual == "$expected" ]] || fail "$what: expected"$'\n'"$expected"$'\n'"got"$'\n'"$actual"
}

scratch=$(mktemp -d "${TMPDIR:-/tmp}/kgitops-completion.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# The plugin and the completion helper on PATH, as an install puts them.
mkdir "$scratch/bin"
ln -s "$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")" "$scratch/bin/kubectl-gitops"
install -m 0755 "$source_dir/completions/kubectl_complete-gitops" "$scratch/bin/"
export PATH=$scratch/bin:$PATH
export HOME=$scratch/home # no user rc files, no kubeconfig
mkdir -p "$HOME"
unset KUBECONFIG

for shell in bash zsh fish; do
  command -v "$shell" >/dev/null || fail "$shell is not installed (scripts/install-deps.sh installs it)"
done
bash_completion=/usr/share/bash-completion/bash_completion
[[ -f $bash_completion ]] || fail "bash-completion is not installed (scripts/install-deps.sh installs it)"

# --- bash: the completion function, called as bash calls it ----------------
# Splits `line` as bash does (blanks, and '=' and ':' as words of their own),
# runs the completion function for the last word and prints COMPREPLY.
bash_complete() {
  bash --norc --noprofile -c '
    line=$1
    source <(kubectl-gitops completion bash) || exit 3
    COMP_WORDS=()
    for token in $line; do
      while [[ $token =~ ^([^=:]*)([=:])(.*)$ ]]; do
        [[ -n ${BASH_REMATCH[1]} ]] && COMP_WORDS+=("${BASH_REMATCH[1]}")
        COMP_WORDS+=("${BASH_REMATCH[2]}")
        token=${BASH_REMATCH[3]}
      done
      [[ -n $token ]] && COMP_WORDS+=("$token")
    done
    [[ $line == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE=$line
    COMP_POINT=${#line}
    __kubectl_gitops_complete
    printf "%s\n" "${COMPREPLY[@]}"
  ' bash "$1" 2>&1
}

assert_lines "bash: sy" "$(bash_complete 'kubectl-gitops sy')" "sync"
assert_lines "bash: s" "$(bash_complete 'kubectl-gitops s')" $'sync\nstatus\nsuspend'
assert_lines "bash: sync --pr" "$(bash_complete 'kubectl-gitops sync --pr')" "--prune"
assert_lines "bash: completion" "$(bash_complete 'kubectl-gitops completion ')" $'bash\nzsh\nfish'
assert_lines "bash: status -o" "$(bash_complete 'kubectl-gitops status -o ')" $'table\njson\nyaml'
assert_lines "bash: --output=j" "$(bash_complete 'kubectl-gitops status --output=j')" "json"
assert_lines "bash: --output=" "$(bash_complete 'kubectl-gitops status --output=')" $'table\njson\nyaml'
assert_lines "bash: after global flags" "$(bash_complete 'kubectl-gitops --context x -n y ver')" "version"
# No cluster to ask: no candidates, and no error text either.
assert_lines "bash: --app without a cluster" "$(bash_complete 'kubectl-gitops sync --app ')" ""

# --- kubectl's own completion of `kubectl gitops ...` -----------------------
# kubectl (>= 1.26) runs kubectl_complete-gitops with the words after `gitops`.
out=$(kubectl __complete gitops sy 2>/dev/null)
assert_lines "kubectl __complete gitops sy" "$out" $'sync\tApply the repository\'s manifests and prune what git no longer declares\n:4'
out=$(kubectl __complete gitops sync --pr 2>/dev/null)
[[ $out == --prune$'\t'*$'\n:4' ]] || fail "kubectl __complete gitops sync --pr printed '$out'"
# Through kubectl's bash script, as bash-completion calls it.
out=$(bash --norc --noprofile -c '
  source "$1"
  source <(kubectl completion bash)
  COMP_WORDS=(kubectl gitops sy); COMP_CWORD=2; COMP_LINE="kubectl gitops sy"; COMP_POINT=${#COMP_LINE}
  __start_kubectl
  printf "%s\n" "${COMPREPLY[@]}"' bash "$bash_completion" 2>/dev/null)
assert_lines "kubectl's bash completion of 'kubectl gitops sy'" "$out" "sync"

# --- zsh and fish load their scripts ----------------------------------------
zsh_err=$(zsh -f -c 'autoload -U compinit; compinit -u -d "$HOME/.zcompdump"
  source <(kubectl-gitops completion zsh)
  [[ ${_comps[kubectl-gitops]} == _kubectl-gitops ]] || { print "not registered"; exit 1 }' 2>&1) ||
  fail "zsh could not load the script: $zsh_err"
[[ -z $zsh_err ]] || fail "zsh printed while loading the script: $zsh_err"
fish_err=$(fish --no-config -c 'kubectl-gitops completion fish | source' 2>&1) ||
  fail "fish could not load the script: $fish_err"
[[ -z $fish_err ]] || fail "fish printed while loading the script: $fish_err"
out=$(fish --no-config -c 'kubectl-gitops completion fish | source; complete -C"kubectl-gitops sy"')
[[ $out == sync$'\t'* ]] || fail "fish: complete -C 'kubectl-gitops sy' printed '$out'"
out=$(fish --no-config -c 'kubectl-gitops completion fish | source; complete -C"kubectl-gitops status --output=j"')
assert_lines "fish: --output=j" "$out" "--output=json"

# --- Tab in interactive shells ---------------------------------------------
# Types `text`, presses Tab and waits until the screen shows `expected`.
if command -v tmux >/dev/null; then
  shells=0
  socket=kgitops-completion-$$-$shells
  tmux_session=0
  tmux_stop() { tmux -L "$socket" kill-server >/dev/null 2>&1 || true; }
  trap 'tmux_stop; rm -rf "$scratch"' EXIT

  # start_shell <name> <command...>: a fresh shell in a tmux window. Each
  # shell gets a server of its own: a new session on a socket whose server
  # is still shutting down fails with "server exited unexpectedly".
  start_shell() {
    tmux_stop
    shells=$((shells + 1))
    socket=kgitops-completion-$$-$shells
    tmux -L "$socket" -f /dev/null new-session -d -x 200 -y 20 \
      env PATH="$PATH" HOME="$HOME" TERM=xterm PS1='$ ' "$@"
  }
  screen() { tmux -L "$socket" capture-pane -p -t "$tmux_session"; }
  wait_screen() {
    local expected=$1 what=$2 i
    for ((i = 0; i < 100; i++)); do
      screen | grep -qF -- "$expected" && return 0
      sleep 0.1
    done
    fail "$what: the screen never showed '$expected':"$'\n'"$(screen)"
  }
  type_line() { tmux -L "$socket" send-keys -t "$tmux_session" -l -- "$1"; }
  press() { tmux -L "$socket" send-keys -t "$tmux_session" "$@"; }
  # Tab must complete `text` to `expected` and add the space after a unique
  # candidate (capture-pane drops trailing blanks, so a marker follows it).
  tab_completes() {
    local text=$1 expected=$2 what=$3
    press C-u
    type_line "$text"
    press Tab
    type_line "@"
    wait_screen "$expected@" "$what"
    press C-u
  }
  # Runs a setup line and waits until it printed its marker.
  setup_line() {
    type_line "$1; printf 'READY-%s\\n' 42"
    press Enter
    wait_screen "READY-42" "$2"
  }

  start_shell bash --norc --noprofile -i
  setup_line "source $bash_completion; source <(kubectl completion bash); source <(kubectl-gitops completion bash)" "bash startup"
  tab_completes "kubectl-gitops sy" "$ kubectl-gitops sync " "bash Tab: kubectl-gitops sy"
  tab_completes "kubectl-gitops status --output=j" "$ kubectl-gitops status --output=json " "bash Tab: --output=j"
  tab_completes "kubectl gitops sy" "$ kubectl gitops sync " "bash Tab: kubectl gitops sy"
  tab_completes "kubectl gitops sync --dry" "$ kubectl gitops sync --dry-run " "bash Tab: kubectl gitops sync --dry"

  start_shell zsh -f -i
  setup_line "autoload -U compinit; compinit -u -d \$HOME/.zcompdump; source <(kubectl-gitops completion zsh)" "zsh startup"
  tab_completes "kubectl-gitops sy" "kubectl-gitops sync " "zsh Tab: kubectl-gitops sy"
  tab_completes "kubectl-gitops completion z" "kubectl-gitops completion zsh " "zsh Tab: completion z"
  tab_completes "kubectl-gitops sync --pr" "kubectl-gitops sync --prune " "zsh Tab: sync --pr"
  tab_completes "kubectl-gitops status --output=j" "kubectl-gitops status --output=json " "zsh Tab: --output=j"

  start_shell fish --no-config -i
  setup_line "kubectl-gitops completion fish | source" "fish startup"
  tab_completes "kubectl-gitops sy" "kubectl-gitops sync " "fish Tab: kubectl-gitops sy"
  tab_completes "kubectl-gitops status -o y" "kubectl-gitops status -o yaml " "fish Tab: -o y"
  tmux_stop
else
  echo "note: tmux is not installed, Tab was not pressed in interactive shells"
fi
echo "completion without a cluster: ok"

# --- values from the cluster (needs the control-plane fixture) --------------
cleanup_scratch=$scratch
# shellcheck source=tests/e2e/lib.sh
source "$here/lib.sh"
on_exit rm -rf "$cleanup_scratch"
kubeconfig=$KUBECONFIG
context=$KGITOPS_CONTEXT

# An inventory ConfigMap as sync writes it, and a decoy with the same labels
# outside the inventory namespace, which must not be offered.
app=$(unique_name completion-app)
decoy=$(unique_name completion-decoy)
# Other tests may create the inventory namespace at the same time.
kubectl create namespace kubectl-gitops >/dev/null 2>&1 || kubectl get namespace kubectl-gitops >/dev/null
kubectl create configmap "gitops-$app" -n kubectl-gitops >/dev/null
on_exit kubectl delete configmap "gitops-$app" -n kubectl-gitops --ignore-not-found
kubectl label configmap "gitops-$app" -n kubectl-gitops \
  gitops.kubectl.dev/inventory=true "gitops.kubectl.dev/app=$app" >/dev/null
ns=$(new_namespace completion)
kubectl create configmap "gitops-$decoy" -n "$ns" >/dev/null
kubectl label configmap "gitops-$decoy" -n "$ns" \
  gitops.kubectl.dev/inventory=true "gitops.kubectl.dev/app=$decoy" >/dev/null

# The --kubeconfig and --context on the command line reach kubectl ($KUBECONFIG is unset).
out=$(env -u KUBECONFIG kubectl-gitops __complete --kubeconfig "$kubeconfig" --context "$context" sync --app "")
assert_contains $'\n'"$out" $'\n'"$app"$'\n' "__complete sync --app"
assert_not_contains "$out" "$decoy" "__complete sync --app"
[[ $out == *$'\n:4' ]] || fail "__complete --app did not end with :4: $out"
out=$(env -u KUBECONFIG kubectl-gitops __complete sync --kubeconfig="$kubeconfig" --context="$context" --app="${app:0:16}")
assert_contains "$out" "--app=$app" "__complete sync --app=<prefix>"
# Through kubectl, which drops its global flags and hands them to the plugin.
out=$(env -u KUBECONFIG kubectl __complete gitops status --kubeconfig "$kubeconfig" \
  --context "$context" --app "${app:0:16}" 2>/dev/null)
assert_eq "$app"$'\n:4' "$out" "kubectl __complete gitops status --app"
# Through the bash script, with the flag and value joined by '='.
out=$(bash_complete "kubectl-gitops --kubeconfig $kubeconfig --context $context sync --app=${app:0:16}")
assert_eq "$app" "$out" "bash completion of --app="
# Contexts and namespaces.
out=$(env -u KUBECONFIG kubectl-gitops __complete --kubeconfig "$kubeconfig" --context "")
assert_contains "$out" "$context" "__complete --context"
out=$(env -u KUBECONFIG kubectl-gitops __complete --kubeconfig "$kubeconfig" --context "$context" diff -n "completion-")
assert_contains "$out" "$ns" "__complete -n"
assert_not_contains "$out" "kube-system" "__complete -n completion-"
# No reachable cluster: no candidates and no error.
out=$(env -u KUBECONFIG kubectl-gitops __complete --kubeconfig "$SCRATCH_DIR/missing" sync --app "" 2>&1)
assert_eq ":4" "$out" "__complete --app with a missing kubeconfig"
echo "completion from the cluster: ok"
