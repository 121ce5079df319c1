// Command pulumi-resource-kubernetes serves the Pulumi Kubernetes provider built from its Go module.
//
// The upstream main package embeds schema-embed.json and terraform-mapping-embed.json, which its
// release build generates (go generate) and which are therefore absent from the module zip. The
// build script (../../../build.sh) writes both files next to this one, from schema.json and
// terraform-mapping.json in the module cache, with the schema's version set to the build's version.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
