// helm-render: renders a Helm chart's templates the way `helm template` does, for tests on machines
// without a helm binary. It is built from Debian's golang-go, golang-github-masterminds-sprig-dev and
// golang-k8s-sigs-yaml-dev (GOPATH mode, no network).
//
// What it implements: the chart's values.yaml deep-merged with each --values file in turn (null
// removes a key, as Helm's coalescing does); the built-in objects .Values, .Release, .Chart,
// .Capabilities (fixed: Kubernetes v1.30.0), .Template and .Files (Get, Glob); sprig's function map
// without env/expandenv (as Helm); Helm's include, tpl, required, toYaml, fromYaml, fromYamlArray,
// toJson, fromJson, lookup (always empty, as in `helm template`); missingkey=zero with "<no value>"
// removed from the output, as Helm.
// What it does not: values.schema.json (the tests validate values with ajv first), subcharts and
// dependencies, hooks and their ordering, --set parsing, toToml, the kind sort of the output, a real
// API server for lookup, post-renderers. See charts/zapsweep/README.md.
//
// Usage: helm-render --chart DIR [--values FILE]... [--release NAME] [--namespace NS]
// Output (stdout): JSON {"manifests": {"<chart>/templates/<file>": "<text>"}, "notes": "<text>",
// "values": <the merged values, what Helm validates against values.schema.json>}.
// Errors: the template error on stderr, exit 1.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"sigs.k8s.io/yaml"
)

type valueFiles []string

func (v *valueFiles) String() string     { return strings.Join(*v, ",") }
func (v *valueFiles) Set(s string) error { *v = append(*v, s); return nil }

// Files is Helm's .Files: the chart's non-template files by path relative to the chart root.
type Files map[string][]byte

func (f Files) Get(name string) string { return string(f[name]) }

func (f Files) Glob(pattern string) Files {
	out := Files{}
	for k, v := range f {
		if ok, _ := path.Match(pattern, k); ok {
			out[k] = v
		}
	}
	return out
}

func main() {
	chart := flag.String("chart", "", "chart directory")
	release := flag.String("release", "zapsweep", "release name")
	namespace := flag.String("namespace", "default", "release namespace")
	var files valueFiles
	flag.Var(&files, "values", "values file (YAML or JSON), repeatable; later files win")
	flag.Parse()
	if *chart == "" {
		fail(errors.New("--chart is required"))
	}
	out, err := render(*chart, *release, *namespace, files)
	if err != nil {
		fail(err)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "helm-render: "+err.Error())
	os.Exit(1)
}

func readYaml(file string) (map[string]interface{}, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	m := map[string]interface{}{}
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if m == nil {
		m = map[string]interface{}{}
	}
	return m, nil
}

// merge puts src over dst: maps merge key by key, anything else replaces, null deletes.
func merge(dst, src map[string]interface{}) map[string]interface{} {
	for k, v := range src {
		if v == nil {
			delete(dst, k)
			continue
		}
		sv, sok := v.(map[string]interface{})
		dv, dok := dst[k].(map[string]interface{})
		if sok && dok {
			dst[k] = merge(dv, sv)
		} else {
			dst[k] = v
		}
	}
	return dst
}

var chartKeys = map[string]string{"apiVersion": "APIVersion", "appVersion": "AppVersion", "kubeVersion": "KubeVersion"}

func chartObject(meta map[string]interface{}) map[string]interface{} {
	out := map[string]interface{}{}
	for k, v := range meta {
		name, ok := chartKeys[k]
		if !ok {
			name = strings.ToUpper(k[:1]) + k[1:]
		}
		out[name] = v
	}
	return out
}

type capabilities struct {
	KubeVersion map[string]string
	APIVersions apiVersions
}

type apiVersions []string

func (a apiVersions) Has(v string) bool { return true }

func render(chartDir, release, namespace string, valueFiles []string) (map[string]interface{}, error) {
	meta, err := readYaml(filepath.Join(chartDir, "Chart.yaml"))
	if err != nil {
		return nil, err
	}
	values, err := readYaml(filepath.Join(chartDir, "values.yaml"))
	if err != nil {
		return nil, err
	}
	for _, f := range valueFiles {
		v, err := readYaml(f)
		if err != nil {
			return nil, err
		}
		values = merge(values, v)
	}
	chartName, _ := meta["name"].(string)
	files := Files{}
	var templates []string
	err = filepath.Walk(chartDir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(chartDir, p)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, "templates/") {
			templates = append(templates, rel)
			return nil
		}
		data, err := os.ReadFile(p)
		files[rel] = data
		return err
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(templates)

	t := template.New("gotpl").Option("missingkey=zero")
	funcs := helmFuncs(t)
	t.Funcs(funcs)
	for _, name := range templates {
		data, err := os.ReadFile(filepath.Join(chartDir, name))
		if err != nil {
			return nil, err
		}
		if _, err := t.New(path.Join(chartName, name)).Parse(string(data)); err != nil {
			return nil, err
		}
	}
	top := map[string]interface{}{
		"Values":       values,
		"Chart":        chartObject(meta),
		"Release":      map[string]interface{}{"Name": release, "Namespace": namespace, "Service": "Helm", "IsInstall": true, "IsUpgrade": false, "Revision": 1},
		"Capabilities": capabilities{KubeVersion: map[string]string{"Version": "v1.30.0", "Major": "1", "Minor": "30"}, APIVersions: apiVersions{}},
		"Files":        files,
	}
	manifests := map[string]string{}
	notes := ""
	for _, name := range templates {
		base := path.Base(name)
		if strings.HasPrefix(base, "_") {
			continue
		}
		full := path.Join(chartName, name)
		top["Template"] = map[string]interface{}{"Name": full, "BasePath": path.Join(chartName, "templates")}
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, full, top); err != nil {
			return nil, err
		}
		text := strings.ReplaceAll(buf.String(), "<no value>", "")
		if base == "NOTES.txt" {
			notes = text
		} else {
			manifests[full] = text
		}
	}
	return map[string]interface{}{"manifests": manifests, "notes": notes, "values": values}, nil
}

func helmFuncs(t *template.Template) template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	f["toYaml"] = func(v interface{}) string {
		data, err := yaml.Marshal(v)
		if err != nil {
			return ""
		}
		return strings.TrimSuffix(string(data), "\n")
	}
	f["fromYaml"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := yaml.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	f["fromYamlArray"] = func(s string) []interface{} {
		a := []interface{}{}
		if err := yaml.Unmarshal([]byte(s), &a); err != nil {
			a = []interface{}{err.Error()}
		}
		return a
	}
	f["toJson"] = func(v interface{}) string {
		data, err := json.Marshal(v)
		if err != nil {
			return ""
		}
		return string(data)
	}
	f["fromJson"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	f["required"] = func(msg string, v interface{}) (interface{}, error) {
		if v == nil {
			return v, errors.New(msg)
		}
		if s, ok := v.(string); ok && s == "" {
			return v, errors.New(msg)
		}
		return v, nil
	}
	f["lookup"] = func(string, string, string, string) (map[string]interface{}, error) {
		return map[string]interface{}{}, nil
	}
	f["include"] = func(name string, data interface{}) (string, error) {
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, name, data); err != nil {
			return "", err
		}
		return buf.String(), nil
	}
	f["tpl"] = func(text string, data interface{}) (string, error) {
		clone, err := t.Clone()
		if err != nil {
			return "", err
		}
		inner, err := clone.New("tpl").Parse(text)
		if err != nil {
			return "", err
		}
		var buf bytes.Buffer
		if err := inner.Execute(&buf, data); err != nil {
			return "", err
		}
		return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
	}
	return f
}
