# bash completion for kubectl-gitops
#
# Load it with:  source <(kubectl-gitops completion bash)
#
# Candidates come from `kubectl-gitops __complete <args...> <word>`: one
# `value` or `value<TAB>description` a line, then `:<directive>` (cobra's
# convention: 1 error, 2 no space after the word, 4 no file names).

# Rejoins the words that bash split at '=' and ':' (COMP_WORDBREAKS), so
# `--app=web` stays one word; sets __kgitops_words and __kgitops_cword.
__kubectl_gitops_words() {
    local line=${COMP_LINE:0:COMP_POINT} offset=0 i word rest trimmed gap
    __kgitops_words=()
    __kgitops_cword=0
    for ((i = 0; i <= COMP_CWORD && i < ${#COMP_WORDS[@]}; i++)); do
        word=${COMP_WORDS[i]}
        rest=${line:offset}
        trimmed=${rest#"${rest%%[![:space:]]*}"}
        gap=$((${#rest} - ${#trimmed}))
        offset=$((offset + gap + ${#word}))
        if ((i > 0 && gap == 0)); then
            __kgitops_words[${#__kgitops_words[@]} - 1]+=$word
        else
            __kgitops_words+=("$word")
        fi
    done
    __kgitops_cword=$((${#__kgitops_words[@]} - 1))
}

__kubectl_gitops_complete() {
    local out directive line value cur prefix
    local -a lines
    COMPREPLY=()
    __kubectl_gitops_words
    cur=${__kgitops_words[__kgitops_cword]}
    # bash replaces only the part after the last '=' or ':' it split at.
    prefix=${cur:0:${#cur}-${#COMP_WORDS[COMP_CWORD]}}
    if [[ ${COMP_WORDS[COMP_CWORD]} == [=:] ]]; then
        prefix=$cur
    fi

    out=$("${__kgitops_words[0]}" __complete "${__kgitops_words[@]:1:__kgitops_cword-1}" "$cur" 2>/dev/null) || return 0
    mapfile -t lines <<<"$out"
    directive=${lines[${#lines[@]} - 1]}
    [[ $directive == :* ]] || return 0
    directive=${directive#:}
    unset 'lines[${#lines[@]}-1]'
    ((directive & 1)) && return 0

    for line in "${lines[@]}"; do
        [[ -n $line ]] || continue
        value=${line%%$'\t'*}
        [[ $value == "$prefix"* ]] || continue
        COMPREPLY+=("${value#"$prefix"}")
    done

    if ((directive & 2)); then
        compopt -o nospace 2>/dev/null
    fi
    if ((${#COMPREPLY[@]} == 0 && (directive & 4))); then
        compopt +o default 2>/dev/null
    fi
    return 0
}

complete -o default -F __kubectl_gitops_complete kubectl-gitops
