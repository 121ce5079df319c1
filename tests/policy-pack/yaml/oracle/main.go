// The oracle for tests/policy-pack/yaml: what kubectl and the API server make of YAML. Reads a JSON array
// of YAML documents on stdin and prints, for each, the JSON that sigs.k8s.io/yaml's YAMLToJSON (go-yaml v2
// decoding, the conversion kubectl and the API server use) produces, or its error.
//
//	go run . < cases.json   (from this folder; the test builds it into the gitignored .cache/ folder)
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"sigs.k8s.io/yaml"
)

type result struct {
	JSON  json.RawMessage `json:"json,omitempty"`
	Error string          `json:"error,omitempty"`
}

func main() {
	var docs []string
	if err := json.NewDecoder(os.Stdin).Decode(&docs); err != nil {
		fmt.Fprintln(os.Stderr, "stdin: a JSON array of strings:", err)
		os.Exit(2)
	}
	out := make([]result, len(docs))
	for i, doc := range docs {
		j, err := yaml.YAMLToJSON([]byte(doc))
		if err != nil {
			out[i] = result{Error: err.Error()}
		} else {
			out[i] = result{JSON: j}
		}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
