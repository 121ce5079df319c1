#!/usr/bin/env bash
# Plans every stack offline (or the stack files given) into OUTDIR, for the pull-request workflow and
# its tests: per stack <s>.exit (exit code of `npm run plan`), <s>.log, <s>.json (report), <s>.mmd
# (full graph). Exits 1 when any stack did not plan cleanly, after planning all of them.
#   usage: tools/plan-stacks.sh OUTDIR [stacks/Pulumi.<stack>.yaml ...]
set -uo pipefail
cd "$(dirname "$0")/.."
out="${1:?usage: tools/plan-stacks.sh OUTDIR [STACK_FILE...]}"
shift
mkdir -p "$out"
if [ "$#" -eq 0 ]; then
    set -- stacks/Pulumi.*.yaml
fi
status=0
for file in "$@"; do
    [ -f "$file" ] || { echo "no stack file $file" >&2; status=1; continue; }
    name="$(basename "$file")"; name="${name#Pulumi.}"; name="${name%.yaml}"; name="${name%.yml}"
    code=0
    node tools/run.js tools/plan.ts --config-file "$file" --json "$out/$name.json" --graph "$out/$name.mmd" >"$out/$name.log" 2>&1 || code=$?
    echo "$code" >"$out/$name.exit"
    echo "::group::plan $name (exit $code)"
    cat "$out/$name.log"
    echo "::endgroup::"
    [ "$code" -eq 0 ] || status=1
done
exit "$status"
