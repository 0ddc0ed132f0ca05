package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"sigs.k8s.io/yaml"
)

// readValues parses YAML like helm's chartutil.ReadValues: through JSON (sigs.k8s.io/yaml), so every
// number becomes a float64, which is what templates compare and print in helm.
func readValues(data []byte) (map[string]interface{}, error) {
	vals := map[string]interface{}{}
	if err := yaml.Unmarshal(data, &vals); err != nil {
		return nil, err
	}
	if vals == nil {
		vals = map[string]interface{}{}
	}
	return vals, nil
}

// userValues merges the -f files in order, then applies --set, as helm's values.Options.MergeValues.
func userValues(files, sets []string) (map[string]interface{}, error) {
	base := map[string]interface{}{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		current, err := readValues(raw)
		if err != nil {
			return nil, fmt.Errorf("failed to parse %s: %w", f, err)
		}
		base = mergeMaps(base, current)
	}
	for _, s := range sets {
		if err := parseSet(s, base); err != nil {
			return nil, fmt.Errorf("failed parsing --set data: %w", err)
		}
	}
	return base, nil
}

// mergeMaps is helm's: tables merge deeply, anything else in b replaces a's.
func mergeMaps(a, b map[string]interface{}) map[string]interface{} {
	out := make(map[string]interface{}, len(a))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if v, ok := v.(map[string]interface{}); ok {
			if bv, ok := out[k].(map[string]interface{}); ok {
				out[k] = mergeMaps(bv, v)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// parseSet applies `a.b=c,d=e` like helm's strvals, typing each value as helm does (true/false,
// null, int64, else string). Lists, indexes and escapes are not supported here: they are refused.
func parseSet(s string, into map[string]interface{}) error {
	if strings.ContainsAny(s, `[]{}\`) {
		return fmt.Errorf("%q: lists, indexes and escapes are not supported by helm-render", s)
	}
	for _, pair := range strings.Split(s, ",") {
		key, value, ok := strings.Cut(pair, "=")
		if !ok || key == "" {
			return fmt.Errorf("key %q has no value", pair)
		}
		parts := strings.Split(key, ".")
		m := into
		for _, p := range parts[:len(parts)-1] {
			next, ok := m[p].(map[string]interface{})
			if !ok {
				next = map[string]interface{}{}
				m[p] = next
			}
			m = next
		}
		m[parts[len(parts)-1]] = typedVal(value)
	}
	return nil
}

func typedVal(val string) interface{} {
	switch {
	case strings.EqualFold(val, "true"):
		return true
	case strings.EqualFold(val, "false"):
		return false
	case strings.EqualFold(val, "null"):
		return nil
	case val == "0":
		return int64(0)
	}
	if len(val) != 0 && val[0] != '0' {
		if iv, err := strconv.ParseInt(val, 10, 64); err == nil {
			return iv
		}
	}
	return val
}

// coalesceValues is helm's chartutil.CoalesceValues for a chart without subcharts: the user's values
// win; a table merges into the default table; a user's null deletes the default.
func coalesceValues(user, defaults map[string]interface{}) map[string]interface{} {
	for key, val := range defaults {
		if value, ok := user[key]; ok {
			if value == nil {
				delete(user, key)
			} else if dest, ok := value.(map[string]interface{}); ok {
				if src, ok := val.(map[string]interface{}); ok {
					coalesceTables(dest, src, key)
				} else if val != nil {
					warn("warning: skipped value for %s: Not a table.", key)
				}
			}
		} else {
			user[key] = val
		}
	}
	return user
}

func coalesceTables(dst, src map[string]interface{}, prefix string) {
	for key, val := range src {
		fullkey := prefix + "." + key
		dv, ok := dst[key]
		_, valIsTable := val.(map[string]interface{})
		_, dvIsTable := dv.(map[string]interface{})
		switch {
		case ok && dv == nil:
			delete(dst, key)
		case !ok:
			dst[key] = val
		case valIsTable && dvIsTable:
			coalesceTables(dv.(map[string]interface{}), val.(map[string]interface{}), fullkey)
		case valIsTable:
			warn("warning: cannot overwrite table with non table for %s (%v)", fullkey, val)
		case dvIsTable && val != nil:
			warn("warning: destination for %s is a table. Ignoring non-table value (%v)", fullkey, val)
		}
	}
}

func warn(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
}
