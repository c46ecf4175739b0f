// fluxssa applies a folder of manifests once with Flux's server-side apply
// engine (github.com/fluxcd/pkg/ssa), set up as kustomize-controller sets it
// up for a Kustomization with default settings, and prints the change set.
// It stands in for Flux in the speed benchmark without Flux's controllers:
// only the apply itself is timed, not source fetching or kustomize builds.
//
// Usage: fluxssa [--context NAME] [--name NAME] [--namespace NS] DIR
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/fluxcd/cli-utils/pkg/flowcontrol"
	"github.com/fluxcd/cli-utils/pkg/kstatus/polling"
	"github.com/fluxcd/pkg/ssa"
	"github.com/fluxcd/pkg/ssa/normalize"
	ssautil "github.com/fluxcd/pkg/ssa/utils"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

const (
	// kustomize-controller's field manager and owner label group.
	fieldManager = "kustomize-controller"
	ownerGroup   = "kustomize.toolkit.fluxcd.io"
)

func main() {
	kubeContext := flag.String("context", "", "kubeconfig context (default: the current one)")
	name := flag.String("name", "bench", "name of the Kustomization the objects are labelled with")
	namespace := flag.String("namespace", "flux-system", "namespace of that Kustomization")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: fluxssa [--context NAME] [--name NAME] [--namespace NS] DIR")
		os.Exit(2)
	}
	if err := run(context.Background(), flag.Arg(0), *kubeContext, *name, *namespace); err != nil {
		fmt.Fprintln(os.Stderr, "fluxssa:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dir, kubeContext, name, namespace string) error {
	objects, err := readObjects(dir)
	if err != nil {
		return err
	}
	manager, err := newResourceManager(kubeContext)
	if err != nil {
		return err
	}
	// As kustomize-controller's apply(): owner labels, normalized objects.
	manager.SetOwnerLabels(objects, name, namespace)
	if err := normalize.UnstructuredList(objects); err != nil {
		return err
	}
	changeSet, err := manager.ApplyAllStaged(ctx, objects, applyOptions())
	if changeSet != nil {
		for _, entry := range changeSet.Entries {
			fmt.Println(entry.String())
		}
	}
	return err
}

// newResourceManager builds the engine on a controller-runtime client set up
// as kustomize-controller's (fluxcd/pkg/runtime/client.GetConfigOrDie): no
// client-side rate limit when the API server has priority and fairness
// enabled, else its default --kube-api-qps=50 and --kube-api-burst=300; and
// its default SSA concurrency (--concurrent-ssa=4).
func newResourceManager(kubeContext string) (*ssa.ResourceManager, error) {
	config, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		clientcmd.NewDefaultClientConfigLoadingRules(),
		&clientcmd.ConfigOverrides{CurrentContext: kubeContext}).ClientConfig()
	if err != nil {
		return nil, err
	}
	config.QPS, config.Burst = 50, 300
	if enabled, err := flowcontrol.IsEnabled(context.Background(), config); err == nil && enabled {
		config.QPS, config.Burst = -1, -1
	}
	kubeClient, err := client.New(config, client.Options{})
	if err != nil {
		return nil, err
	}
	poller := polling.NewStatusPoller(kubeClient, kubeClient.RESTMapper(), polling.Options{})
	manager := ssa.NewResourceManager(kubeClient, poller, ssa.Owner{Field: fieldManager, Group: ownerGroup})
	manager.SetConcurrency(4)
	return manager, nil
}

// applyOptions are kustomize-controller's for a Kustomization without
// spec.force: objects are applied with ForceOwnership (the engine always
// does), recreated on immutable-field changes only when annotated
// kustomize.toolkit.fluxcd.io/force=enabled, and fields set by kubectl are
// taken over.
func applyOptions() ssa.ApplyOptions {
	opts := ssa.DefaultApplyOptions()
	opts.Force = false
	opts.ExclusionSelector = map[string]string{
		ownerGroup + "/reconcile": "disabled",
		ownerGroup + "/ssa":       "ignore",
	}
	opts.IfNotPresentSelector = map[string]string{ownerGroup + "/ssa": "IfNotPresent"}
	opts.ForceSelector = map[string]string{ownerGroup + "/force": "enabled"}
	opts.Cleanup = ssa.ApplyCleanupOptions{
		Annotations: []string{corev1.LastAppliedConfigAnnotation},
		FieldManagers: []ssa.FieldManager{
			{Name: "kubectl", OperationType: metav1.ManagedFieldsOperationApply},
			{Name: "kubectl", OperationType: metav1.ManagedFieldsOperationUpdate},
			{Name: "before-first-apply", OperationType: metav1.ManagedFieldsOperationUpdate},
			{Name: fieldManager, OperationType: metav1.ManagedFieldsOperationUpdate},
		},
		Exclusions: map[string]string{ownerGroup + "/ssa": "merge"},
	}
	return opts
}

// readObjects reads every *.yaml / *.yml file of dir (not recursing), in
// name order, as kustomize would list them.
func readObjects(dir string) ([]*unstructured.Unstructured, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, entry := range entries {
		if !entry.IsDir() && (strings.HasSuffix(entry.Name(), ".yaml") || strings.HasSuffix(entry.Name(), ".yml")) {
			names = append(names, entry.Name())
		}
	}
	sort.Strings(names)
	var objects []*unstructured.Unstructured
	for _, fileName := range names {
		file, err := os.Open(filepath.Join(dir, fileName))
		if err != nil {
			return nil, err
		}
		read, err := ssautil.ReadObjects(file)
		file.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", fileName, err)
		}
		objects = append(objects, read...)
	}
	return objects, nil
}
