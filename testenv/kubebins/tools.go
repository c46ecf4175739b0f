//go:build tools

// Package kubebins pins the upstream control-plane programs that the
// end-to-end tests and the demo run: etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler, and kubectl of the same release.
package kubebins

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
