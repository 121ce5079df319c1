// Command nodejs-langhost is a minimal Node.js language host for the Pulumi engine, written by this
// project. The build installs it as `pulumi-language-nodejs`.
//
// Why it exists: the Go module proxy refuses the upstream language host module
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3, every version: 403), so the
// upstream host cannot be built here (see docs/pulumi-from-source.md). The engine (the CLI built
// from github.com/pulumi/pulumi/pkg/v3) talks to a language host only over the LanguageRuntime
// gRPC service from github.com/pulumi/pulumi/sdk/v3, and the Node.js side of a run lives in the npm
// package @pulumi/pulumi (cmd/run, cmd/run-policy-pack, cmd/run-plugin). This host connects the
// two and does nothing else.
//
// What it implements: Handshake, GetPluginInfo, GetRequiredPlugins/GetRequiredPackages (an empty
// list: providers are found on $PATH or in the plugin cache when the program asks for them), Run
// (the program, through @pulumi/pulumi/cmd/run) and RunPlugin (policy packs through
// cmd/run-policy-pack, other plugins through cmd/run-plugin). Everything else (InstallDependencies,
// About, code generation, packing) answers Unimplemented: install dependencies with npm ci.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
)

// version is the host's own version, reported to the engine. The build sets it to the CLI's.
var version = "0.0.0-dev"

// exitAfterLoggedError is the exit code @pulumi/pulumi's runners use when they have already reported
// the error to the user (cmd/run/index.js: nodeJSProcessExitedAfterLoggingUserActionableMessage).
const exitAfterLoggedError = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

func main() {
	// The engine starts a language host as `pulumi-language-nodejs [flags] <engine address>`; the
	// address comes last. Flags this host does not use (for example -tracing) are ignored.
	var engine string
	for _, arg := range os.Args[1:] {
		if !strings.HasPrefix(arg, "-") {
			engine = arg
		}
	}
	h := &host{engineAddress: engine}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of standard output.
	fmt.Println(handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}
}

func (h *host) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

func (h *host) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// Run runs the program with @pulumi/pulumi/cmd/run, resolved from the program directory the way Node
// resolves it, so the SDK version is the one the project installed.
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	if info == nil {
		return nil, status.Error(codes.InvalidArgument, "RunRequest.info is missing")
	}
	dir := info.GetProgramDirectory()
	runner, err := resolveSDKCommand(dir, "run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	args := nodeArgs(info)
	args = append(args, runner)
	flag := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name+"="+value)
		}
	}
	flag("monitor", req.GetMonitorAddress())
	flag("engine", h.engineAddress)
	flag("organization", req.GetOrganization())
	flag("project", req.GetProject())
	flag("stack", req.GetStack())
	flag("pwd", req.GetPwd())
	flag("root-directory", info.GetRootDirectory())
	if req.GetParallel() > 0 {
		flag("parallel", strconv.Itoa(int(req.GetParallel())))
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	entry := info.GetEntryPoint()
	if entry == "" {
		entry = "."
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	config, err := json.Marshal(nonNil(req.GetConfig()))
	if err != nil {
		return nil, err
	}
	secretKeys, err := json.Marshal(nonNilSlice(req.GetConfigSecretKeys()))
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys),
	)
	env = append(env, typeScriptEnv(info)...)

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}, nil
	case errors.As(err, &exit) && exit.ExitCode() == exitAfterLoggedError:
		return &pulumirpc.RunResponse{Bail: true}, nil
	case errors.As(err, &exit):
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exit.ExitCode())}, nil
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not start node: %v", err)}, nil
	}
}

// RunPlugin runs a Node.js plugin directory: a policy pack (kind "analyzer") through
// @pulumi/pulumi/cmd/run-policy-pack, anything else through cmd/run-plugin. Both take the engine
// address and the program, and print the plugin's gRPC port on standard output, which is streamed
// back to the engine line by line.
func (h *host) RunPlugin(
	req *pulumirpc.RunPluginRequest, server grpc.ServerStreamingServer[pulumirpc.RunPluginResponse],
) error {
	info := req.GetInfo()
	if info == nil {
		return status.Error(codes.InvalidArgument, "RunPluginRequest.info is missing")
	}
	dir := info.GetProgramDirectory()
	command := "run-plugin"
	if req.GetKind() == "analyzer" {
		command = "run-policy-pack"
	}
	runner, err := resolveSDKCommand(dir, command)
	if err != nil {
		return status.Error(codes.FailedPrecondition, err.Error())
	}
	args := nodeArgs(info)
	args = append(args, runner)
	args = append(args, req.GetArgs()...)
	entry := info.GetEntryPoint()
	if entry == "" {
		entry = "."
	}
	args = append(args, entry)

	cmd := exec.CommandContext(server.Context(), "node", args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), req.GetEnv()...), typeScriptEnv(info)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return status.Errorf(codes.Unavailable, "could not start node: %v", err)
	}

	var send sync.Mutex
	forward := func(r io.Reader, wrap func([]byte) *pulumirpc.RunPluginResponse, wg *sync.WaitGroup) {
		defer wg.Done()
		reader := bufio.NewReader(r)
		for {
			line, readErr := reader.ReadBytes('\n')
			if len(line) > 0 {
				send.Lock()
				_ = server.Send(wrap(line))
				send.Unlock()
			}
			if readErr != nil {
				return
			}
		}
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go forward(stdout, func(b []byte) *pulumirpc.RunPluginResponse {
		return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}}
	}, &wg)
	go forward(stderr, func(b []byte) *pulumirpc.RunPluginResponse {
		return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}}
	}, &wg)
	wg.Wait()

	code := 0
	if err := cmd.Wait(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return err
		}
		code = exit.ExitCode()
	}
	return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(code)}})
}

// resolveSDKCommand finds @pulumi/pulumi/cmd/<command> in the nearest node_modules above dir,
// as Node's own module resolution would.
func resolveSDKCommand(dir, command string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		candidate := filepath.Join(d, "node_modules", "@pulumi", "pulumi", "cmd", command)
		if st, err := os.Stat(candidate); err == nil && st.IsDir() {
			return candidate, nil
		}
		if parent := filepath.Dir(d); parent == d {
			break
		}
	}
	return "", fmt.Errorf("it looks like the Pulumi SDK has not been installed: no node_modules/@pulumi/pulumi/cmd/%s "+
		"at or above %s; run npm ci", command, abs)
}

// nodeArgs returns the runtime option nodeargs (Pulumi.yaml runtime.options.nodeargs) as node's own
// arguments.
func nodeArgs(info *pulumirpc.ProgramInfo) []string {
	if v, ok := info.GetOptions().GetFields()["nodeargs"]; ok {
		return strings.Fields(v.GetStringValue())
	}
	return nil
}

// typeScriptEnv maps the runtime options typescript (default true) and tsconfig to the variables
// @pulumi/pulumi/cmd/run reads.
func typeScriptEnv(info *pulumirpc.ProgramInfo) []string {
	fields := info.GetOptions().GetFields()
	typeScript := true
	if v, ok := fields["typescript"]; ok {
		typeScript = v.GetBoolValue()
	}
	env := []string{"PULUMI_NODEJS_TYPESCRIPT=" + strconv.FormatBool(typeScript)}
	if v, ok := fields["tsconfig"]; ok && v.GetStringValue() != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+v.GetStringValue())
	}
	return env
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func nonNilSlice(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
