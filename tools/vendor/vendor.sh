#!/usr/bin/env bash
# Vendors the front-end libraries listed in package.json (exact versions, locked by
# package-lock.json with integrity hashes): the "dependencies" into
# crates/e5-shop/assets/vendor/, where the binary embeds them, and the "devDependencies"
# (test tools such as axe-core, never served by e5) into tests/vendor/. Building and testing
# e5 needs no Node: the copied files are committed.
# Usage: tools/vendor/vendor.sh   (needs npm and the npm registry)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
npm ci --no-audit --no-fund --ignore-scripts >/dev/null

# package  file-in-package  vendored-name
embedded=(
  "@editorjs/editorjs dist/editorjs.umd.js editorjs.umd.js"
  "@editorjs/header dist/header.umd.js editorjs-header.umd.js"
  "@editorjs/list dist/editorjs-list.umd.js editorjs-list.umd.js"
  "@editorjs/quote dist/quote.umd.js editorjs-quote.umd.js"
  "@editorjs/table dist/table.umd.js editorjs-table.umd.js"
  "@editorjs/delimiter dist/delimiter.umd.js editorjs-delimiter.umd.js"
  "chart.js dist/chart.umd.min.js chart.umd.min.js"
  "rrweb dist/rrweb.umd.min.cjs rrweb.umd.min.js"
  "rrweb dist/style.min.css rrweb.min.css"
)
test_tools=(
  "axe-core axe.min.js axe.min.js"
)

# vendor OUT-FOLDER LINE…: copies each "package file name" line into OUT-FOLDER.
vendor() {
  local out="$1"
  shift
  rm -rf "$out"
  mkdir -p "$out/licences"
  {
    echo "# Vendored JavaScript"
    echo
    echo "Written by \`tools/vendor/vendor.sh\` from the npm registry; versions and integrity hashes are"
    echo "locked in \`tools/vendor/package-lock.json\`. Do not edit these files by hand."
    echo
    echo "| file | package | version | licence | sha256 |"
    echo "| --- | --- | --- | --- | --- |"
  } > "$out/VENDORED.md"
  for line in "$@"; do
    read -r pkg src name <<<"$line"
    dir="node_modules/$pkg"
    cp "$dir/$src" "$out/$name"
    version=$(node -p "require('./$dir/package.json').version")
    licence=$(node -p "require('./$dir/package.json').license")
    sum=$(sha256sum "$out/$name" | cut -d' ' -f1)
    echo "| $name | $pkg | $version | $licence | \`$sum\` |" >> "$out/VENDORED.md"
    licence_out="$out/licences/${pkg//\//_}.txt"
    for l in LICENSE LICENSE.md LICENSE.txt license; do
      if [ -f "$dir/$l" ]; then cp "$dir/$l" "$licence_out"; break; fi
    done
    # A package that ships no licence file: its text, copied from the project's repository.
    if [ ! -f "$licence_out" ] && [ -f "licences/${pkg//\//_}.txt" ]; then
      cp "licences/${pkg//\//_}.txt" "$licence_out"
    fi
    if [ ! -f "$licence_out" ]; then
      echo "no licence text for $pkg: add tools/vendor/licences/${pkg//\//_}.txt" >&2
      exit 1
    fi
  done
  echo "Vendored into $out"
}

vendor "$here/../../crates/e5-shop/assets/vendor" "${embedded[@]}"
vendor "$here/../../tests/vendor" "${test_tools[@]}"
