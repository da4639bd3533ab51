#!/usr/bin/env bash
# Proof that the moto suite catches a collector reading a field under the wrong name (as if AWS had renamed it):
# for each mutation below, copy the project to a temporary folder (node_modules linked, never changed), apply the
# rename there, run the moto suite, and require it to FAIL. Prints the failing assertions; exits 0 only if every
# mutation was caught, 1 if one survived, 2 if a mutation no longer applies. The working tree is never touched.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"

# file|from|to: a response field a collector reads, renamed.
mutations=(
  "lib/collect/ecr-repositories.ts|r.repositoryName|r.repoName"
  "lib/collect/s3-access-points.ts|page.AccessPointList|page.AccessPoints"
)

survived=0
for m in "${mutations[@]}"; do
  IFS='|' read -r file from to <<<"$m"
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/oas-mutant-XXXXXX")"
  cp -r "$root/lib" "$root/test" "$root/fixtures" "$root/bin" "$root/docs" "$tmp/"
  cp "$root/package.json" "$root/tsconfig.json" "$root/vitest.config.ts" "$root/vitest.moto.config.ts" "$tmp/"
  ln -s "$root/node_modules" "$tmp/node_modules"
  if ! grep -qF "$from" "$tmp/$file"; then
    echo "mutation no longer applies: \`$from\` not in $file"
    rm -rf "$tmp"
    exit 2
  fi
  sed -i "s/$(printf '%s' "$from" | sed 's/[.[\*^$/]/\\&/g')/$to/g" "$tmp/$file"
  echo "== mutant: $file reads \`$to\` instead of \`$from\`"
  (cd "$tmp" && npx vitest run --config vitest.moto.config.ts >"$tmp/run.log" 2>&1)
  rc=$?
  # The failing tests and the first lines of each assertion diff.
  sed 's/\x1b\[[0-9;]*m//g' "$tmp/run.log" | grep -E '^\s+(×|FAIL)|Tests |^\s*[-+]\s+"' | head -20
  if [ $rc -eq 0 ]; then
    echo "SURVIVED: the moto suite passed with the mutant"
    survived=1
  else
    echo "caught: the moto suite failed (exit $rc)"
  fi
  rm -rf "$tmp"
done
exit $survived
