package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"
)

// helm's releaseutil.SplitManifests separator.
var sep = regexp.MustCompile("(?:^|\\s*\n)---\\s*")

// installOrder is helm's releaseutil.InstallOrder: the order `helm template` prints kinds in.
var installOrder = []string{
	"PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy",
	"PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass",
	"PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole",
	"ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding",
	"RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
	"HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
}

type simpleHead struct {
	Version  string `json:"apiVersion"`
	Kind     string `json:"kind,omitempty"`
	Metadata *struct {
		Name        string            `json:"name"`
		Annotations map[string]string `json:"annotations"`
	} `json:"metadata,omitempty"`
}

type manifest struct {
	source, content string
	head            simpleHead
}

// printManifests prints what `helm template` prints: each document of each rendered file (NOTES.txt
// and files that rendered only whitespace left out) after `---` and `# Source: <file>`, in install
// order by kind; hooks (helm.sh/hook annotation) after the rest.
func printManifests(rendered map[string]string) (string, error) {
	files := make([]string, 0, len(rendered))
	for name := range rendered {
		files = append(files, name)
	}
	sort.Strings(files)
	var generic, hooks []manifest
	for _, name := range files {
		content := rendered[name]
		if strings.HasSuffix(name, "NOTES.txt") || strings.TrimSpace(content) == "" {
			continue
		}
		for _, doc := range sep.Split(strings.TrimSpace(content), -1) {
			if doc == "" {
				continue
			}
			m := manifest{source: name, content: strings.TrimSpace(doc)}
			if err := yaml.Unmarshal([]byte(m.content), &m.head); err != nil {
				return "", fmt.Errorf("YAML parse error on %s: %w", name, err)
			}
			if m.head.Metadata != nil && m.head.Metadata.Annotations["helm.sh/hook"] != "" {
				hooks = append(hooks, m)
			} else {
				generic = append(generic, m)
			}
		}
	}
	var b strings.Builder
	for _, list := range [][]manifest{sortByKind(generic), sortByKind(hooks)} {
		for _, m := range list {
			fmt.Fprintf(&b, "---\n# Source: %s\n%s\n", m.source, m.content)
		}
	}
	return b.String(), nil
}

// sortByKind is helm's: known kinds in install order, unknown ones last by kind name, stable.
func sortByKind(ms []manifest) []manifest {
	order := map[string]int{}
	for i, k := range installOrder {
		order[k] = i
	}
	sort.SliceStable(ms, func(i, j int) bool {
		a, b := ms[i].head.Kind, ms[j].head.Kind
		first, aok := order[a]
		second, bok := order[b]
		switch {
		case !aok && !bok:
			return a < b
		case !aok:
			return false
		case !bok:
			return true
		}
		return first < second
	})
	return ms
}
