#!/usr/bin/env bash
# Benchmarks RelatedReadsEngine.Compute on synthetic snapshots of 1,000 and 10,000 articles.
# Usage: bench/related.sh [corpus-folder]   (default: <repo>/../shared/corpus/rust-blog/posts)
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/.." && pwd)"
corpus="${1:-$repo_root/../shared/corpus/rust-blog/posts}"

cd "$repo_root"
dotnet run -c Release --project bench/RelatedBench -- "$corpus"
