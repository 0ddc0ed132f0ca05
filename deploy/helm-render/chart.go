package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/Masterminds/semver/v3"
	"sigs.k8s.io/yaml"
)

// Metadata is Chart.yaml, with helm's field names (templates read .Chart.Name, .Chart.AppVersion...).
type Metadata struct {
	Name         string                   `json:"name"`
	Home         string                   `json:"home,omitempty"`
	Sources      []string                 `json:"sources,omitempty"`
	Version      string                   `json:"version"`
	Description  string                   `json:"description,omitempty"`
	Keywords     []string                 `json:"keywords,omitempty"`
	Maintainers  []map[string]string      `json:"maintainers,omitempty"`
	Icon         string                   `json:"icon,omitempty"`
	APIVersion   string                   `json:"apiVersion"`
	Condition    string                   `json:"condition,omitempty"`
	Tags         string                   `json:"tags,omitempty"`
	AppVersion   string                   `json:"appVersion,omitempty"`
	Deprecated   bool                     `json:"deprecated,omitempty"`
	Annotations  map[string]string        `json:"annotations,omitempty"`
	KubeVersion  string                   `json:"kubeVersion,omitempty"`
	Dependencies []map[string]interface{} `json:"dependencies,omitempty"`
	Type         string                   `json:"type,omitempty"`
}

// Files is .Files: the chart's files that are not templates, Chart.yaml or values.yaml.
type Files map[string][]byte

func (f Files) GetBytes(name string) []byte { return f[name] }
func (f Files) Get(name string) string      { return string(f[name]) }
func (f Files) Lines(name string) []string {
	if f[name] == nil {
		return []string{}
	}
	return strings.Split(string(f[name]), "\n")
}

type chart struct {
	metadata  *Metadata
	values    map[string]interface{}
	templates map[string]string // "<chart name>/templates/<file>", the names helm gives them
	files     Files
}

func loadChart(dir string) (*chart, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "Chart.yaml"))
	if err != nil {
		return nil, fmt.Errorf("Chart.yaml file is missing: %w", err)
	}
	meta := &Metadata{}
	if err := yaml.Unmarshal(raw, meta); err != nil {
		return nil, fmt.Errorf("cannot load Chart.yaml: %w", err)
	}
	if err := validateMetadata(meta); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, "charts")); err == nil || len(meta.Dependencies) > 0 {
		return nil, errors.New("subcharts and dependencies are not supported by helm-render")
	}
	values := map[string]interface{}{}
	if raw, err := os.ReadFile(filepath.Join(dir, "values.yaml")); err == nil {
		if values, err = readValues(raw); err != nil {
			return nil, fmt.Errorf("cannot load values.yaml: %w", err)
		}
	}
	c := &chart{metadata: meta, values: values, templates: map[string]string{}, files: Files{}}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch {
		case strings.HasPrefix(rel, "templates/"):
			c.templates[path.Join(meta.Name, rel)] = string(data)
		case rel != "Chart.yaml" && rel != "values.yaml":
			c.files[rel] = data
		}
		return nil
	})
	return c, err
}

// validateMetadata makes the checks helm makes before it renders a chart.
func validateMetadata(m *Metadata) error {
	switch {
	case m.APIVersion == "":
		return errors.New("validation: chart.metadata.apiVersion is required")
	case m.APIVersion != "v1" && m.APIVersion != "v2":
		return fmt.Errorf("validation: chart.metadata.apiVersion %q is not valid", m.APIVersion)
	case m.Name == "":
		return errors.New("validation: chart.metadata.name is required")
	case m.Version == "":
		return errors.New("validation: chart.metadata.version is required")
	case m.Type != "" && m.Type != "application" && m.Type != "library":
		return errors.New("validation: chart.metadata.type must be application or library")
	case m.Type == "library":
		return errors.New("library charts are not installable")
	}
	if _, err := semver.StrictNewVersion(m.Version); err != nil {
		return fmt.Errorf("validation: chart.metadata.version %q is invalid", m.Version)
	}
	return nil
}

// KubeVersion and VersionSet carry the methods templates call on .Capabilities.
type KubeVersion struct{ Version, Major, Minor string }

func (k KubeVersion) String() string     { return k.Version }
func (k KubeVersion) GitVersion() string { return k.Version }

type VersionSet []string

func (v VersionSet) Has(apiVersion string) bool {
	for _, x := range v {
		if x == apiVersion {
			return true
		}
	}
	return false
}

type Capabilities struct {
	APIVersions VersionSet
	KubeVersion KubeVersion
	HelmVersion map[string]string
}

// The built-in API groups a cluster of that version serves (helm lists them from client-go); custom
// resources such as monitoring.coreos.com/v1 only with --api-versions, as `helm template` does.
var builtinAPIVersions = []string{
	"v1", "admissionregistration.k8s.io/v1", "apiextensions.k8s.io/v1", "apps/v1",
	"authentication.k8s.io/v1", "authorization.k8s.io/v1", "autoscaling/v1", "autoscaling/v2",
	"batch/v1", "certificates.k8s.io/v1", "coordination.k8s.io/v1", "discovery.k8s.io/v1",
	"events.k8s.io/v1", "networking.k8s.io/v1", "node.k8s.io/v1", "policy/v1",
	"rbac.authorization.k8s.io/v1", "scheduling.k8s.io/v1", "storage.k8s.io/v1",
}

func capabilities(kubeVersion string, extra []string) (*Capabilities, error) {
	v, err := semver.NewVersion(kubeVersion)
	if err != nil {
		return nil, fmt.Errorf("invalid kube version %q: %w", kubeVersion, err)
	}
	return &Capabilities{
		APIVersions: append(append(VersionSet{}, builtinAPIVersions...), extra...),
		KubeVersion: KubeVersion{
			Version: "v" + v.String(), Major: fmt.Sprint(v.Major()), Minor: fmt.Sprint(v.Minor()),
		},
		HelmVersion: map[string]string{"Version": "v3", "GoVersion": "helm-render"},
	}, nil
}
