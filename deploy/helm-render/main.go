// Command helm-render renders a Helm chart the way `helm template` does, so that test/deploy.test.ts can
// check the chart on a machine that has no helm binary (and cannot download one). It follows helm 3's
// own code where it matters for what a chart renders:
//
//   - Go text/template with sprig's TxtFuncMap (less env and expandenv, as helm removes them) and
//     helm's functions: include, tpl, required, fail, toYaml, fromYaml, fromYamlArray, toJson,
//     fromJson, fromJsonArray, lookup (always empty, as in `helm template`) (engine.go);
//   - values read like helm reads them (numbers become float64, so `gt .Values.n 1` fails as in helm),
//     -f files merged in order, --set on top, then coalesced over the chart's values.yaml: tables
//     merged deeply, a null removes a default (values.go);
//   - .Release, .Chart (Chart.yaml, validated), .Capabilities, .Template, .Files (chart.go);
//   - templates whose name starts with `_` only define; NOTES.txt is rendered but not printed; every
//     output is split into documents, checked as YAML and sorted in helm's install order, then printed
//     with `# Source:` lines (manifests.go).
//
// Not supported (the chart here does not use them): subcharts and dependencies, .helmignore patterns,
// values.schema.json, toToml, .Files.Glob/AsConfig/AsSecrets, --set lists, indexes and escapes.
//
// It builds offline from Debian's Go sources (packages golang-go, golang-github-masterminds-sprig-dev,
// golang-k8s-sigs-yaml-dev) in GOPATH mode. The go.mod beside this file is only there so that GOPATH
// mode resolves sprig's `/v3` import paths, which it does for a package inside a GOPATH src folder:
//
//	gopath=$(mktemp -d) && mkdir -p "$gopath/src/helm-render" && cp deploy/helm-render/* "$gopath/src/helm-render/"
//	cd "$gopath/src/helm-render" && GO111MODULE=off GOPATH="$gopath:/usr/share/gocode" go build -o "$gopath/helm-render" .
//
// Usage: helm-render [--name NAME] [--namespace NS] [-f VALUES]... [--set KEY=VALUE]... CHART_DIR
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	var valueFiles, sets, apiVersions listFlag
	// `helm template` names the release "release-name" when it is given none.
	name := flag.String("name", "release-name", "release name (.Release.Name)")
	namespace := flag.String("namespace", "default", "release namespace (.Release.Namespace)")
	kubeVersion := flag.String("kube-version", "v1.29.0", "Kubernetes version for .Capabilities.KubeVersion")
	flag.Var(&valueFiles, "f", "values file merged over the chart's values.yaml (repeatable)")
	flag.Var(&sets, "set", "KEY=VALUE[,KEY=VALUE] set on top of the values files (repeatable)")
	flag.Var(&apiVersions, "api-versions", "extra API version for .Capabilities.APIVersions (repeatable)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: helm-render [--name NAME] [--namespace NS] [-f VALUES]... [--set K=V]... CHART_DIR")
		os.Exit(2)
	}
	out, err := run(flag.Arg(0), options{
		name: *name, namespace: *namespace, kubeVersion: *kubeVersion,
		valueFiles: valueFiles, sets: sets, apiVersions: apiVersions,
	})
	if err != nil {
		// helm prints its errors the same way and exits 1.
		fmt.Fprintf(os.Stderr, "Error: %s\n", err)
		os.Exit(1)
	}
	fmt.Print(out)
}

type options struct {
	name, namespace, kubeVersion  string
	valueFiles, sets, apiVersions []string
}

func run(chartDir string, o options) (string, error) {
	c, err := loadChart(chartDir)
	if err != nil {
		return "", err
	}
	user, err := userValues(o.valueFiles, o.sets)
	if err != nil {
		return "", err
	}
	values := coalesceValues(user, c.values)
	caps, err := capabilities(o.kubeVersion, o.apiVersions)
	if err != nil {
		return "", err
	}
	top := map[string]interface{}{
		"Values":       values,
		"Chart":        c.metadata,
		"Capabilities": caps,
		"Files":        c.files,
		"Release": map[string]interface{}{
			"Name": o.name, "Namespace": o.namespace, "IsUpgrade": false, "IsInstall": true,
			"Revision": 1, "Service": "Helm",
		},
	}
	rendered, err := render(c.templates, top)
	if err != nil {
		return "", err
	}
	return printManifests(rendered)
}
