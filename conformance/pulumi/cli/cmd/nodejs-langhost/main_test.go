package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"
)

func TestResolveSDKCommandFindsTheNearestInstalledSDK(t *testing.T) {
	root := t.TempDir()
	runner := filepath.Join(root, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack")
	if err := os.MkdirAll(runner, 0o755); err != nil {
		t.Fatal(err)
	}
	pack := filepath.Join(root, "policy-pack", "lib")
	if err := os.MkdirAll(pack, 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := resolveSDKCommand(pack, "run-policy-pack")
	if err != nil {
		t.Fatalf("resolveSDKCommand: %v", err)
	}
	if got != runner {
		t.Fatalf("resolved %s, want the SDK two levels up, %s", got, runner)
	}
}

func TestResolveSDKCommandWithoutSDKSaysToInstallIt(t *testing.T) {
	_, err := resolveSDKCommand(t.TempDir(), "run")
	if err == nil || !strings.Contains(err.Error(), "npm ci") || !strings.Contains(err.Error(), "cmd/run") {
		t.Fatalf("want an error naming cmd/run and npm ci, got %v", err)
	}
}

func TestRuntimeOptionsBecomeTheRunnersSettings(t *testing.T) {
	info := func(options map[string]any) *pulumirpc.ProgramInfo {
		s, err := structpb.NewStruct(options)
		if err != nil {
			t.Fatal(err)
		}
		return &pulumirpc.ProgramInfo{Options: s}
	}
	// TypeScript is on unless the project turns it off, as Pulumi.yaml documents.
	if env := typeScriptEnv(info(nil)); !slices.Equal(env, []string{"PULUMI_NODEJS_TYPESCRIPT=true"}) {
		t.Fatalf("default: %v", env)
	}
	env := typeScriptEnv(info(map[string]any{"typescript": false, "tsconfig": "tsconfig.build.json"}))
	want := []string{"PULUMI_NODEJS_TYPESCRIPT=false", "PULUMI_NODEJS_TSCONFIG_PATH=tsconfig.build.json"}
	if !slices.Equal(env, want) {
		t.Fatalf("typescript off with a tsconfig: got %v, want %v", env, want)
	}
	args := nodeArgs(info(map[string]any{"nodeargs": "--max-old-space-size=4096  --enable-source-maps"}))
	if !slices.Equal(args, []string{"--max-old-space-size=4096", "--enable-source-maps"}) {
		t.Fatalf("nodeargs: %v", args)
	}
}
