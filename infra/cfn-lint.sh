#!/usr/bin/env bash
# cfn-lint over the packaged template and the standalone templates (infra/*.yaml). Errors and warnings fail: a
# warning is fixed, or suppressed where it occurs (resource Metadata `cfn-lint: config: ignore_checks`) with the
# reason next to it. Informational findings are printed only. Without cfn-lint on the machine, say so and pass.
# Exit status of cfn-lint is a bitmask: 2 = error, 4 = warning, 8 = informational (1 = the run itself failed).
set -uo pipefail
cd "$(dirname "$0")/.."
template=${1:-.serverless/cloudformation-template-update-stack.json}
if ! command -v cfn-lint >/dev/null 2>&1; then
  echo "cfn-lint: skipped (command not found)"
  exit 0
fi
if [ ! -f "$template" ]; then
  echo "cfn-lint: \`$template\` is missing: run \`npm run package\` first"
  exit 1
fi
cfn-lint --format parseable -- "$template" infra/*.yaml
rc=$?
if [ $((rc & 1)) -ne 0 ] || [ $((rc & 2)) -ne 0 ] || [ $((rc & 4)) -ne 0 ]; then
  echo "cfn-lint: failed (exit status $rc: 1 = cfn-lint failed, 2 = errors, 4 = warnings)"
  exit 1
fi
echo "cfn-lint: no errors or warnings in $template and infra/*.yaml ($(cfn-lint --version))"
