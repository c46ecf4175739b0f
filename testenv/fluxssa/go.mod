module kubectl-gitops.local/fluxssa

go 1.26.0

require github.com/fluxcd/pkg/ssa v0.78.0
