#!/usr/bin/env bash
# The Biome format check on the files already formatted (.ci/biome-formatted.txt), until the one reformatting commit
# (`npm run format`, docs/biome.md). A listed file that a later change moved or deleted is skipped, not an error.
set -euo pipefail
cd "$(dirname "$0")/.."
files=()
while IFS= read -r f; do [ -f "$f" ] && files+=("$f"); done < .ci/biome-formatted.txt
exec npx biome format "${files[@]}"
