# fish completion for kubectl-gitops
#
# Load it with:  kubectl-gitops completion fish | source
# or save it as ~/.config/fish/completions/kubectl-gitops.fish.
#
# Candidates come from `kubectl-gitops __complete <args...> <word>`: one
# `value` or `value<TAB>description` a line, then `:<directive>` (cobra's
# convention: 1 error, 2 no space after the word, 4 no file names).

function __kubectl_gitops_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l program $tokens[1]
    set -e tokens[1]
    set -l lines (command $program __complete $tokens $current 2>/dev/null)
    or return
    set -l directive (string replace -r '^:' '' -- $lines[-1])
    string match -qr '^[0-9]+$' -- $directive
    or return
    set -e lines[-1]
    if test (math "bitand($directive, 1)") -ne 0
        return
    end
    if test (count $lines) -gt 0
        printf '%s\n' $lines
    else if test (math "bitand($directive, 4)") -eq 0
        __fish_complete_path $current
    end
end

complete -c kubectl-gitops -f -a '(__kubectl_gitops_complete)'
