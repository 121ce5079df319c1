// Command etcd is the etcd server of the conformance control plane, linked from
// go.etcd.io/etcd/server/v3 at the version k8s.io/kubernetes itself pins, so the whole control
// plane comes from one dependency graph (see go.mod).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
