#!/usr/bin/env bash
# Benchmarks SearchIndex build and query latency on 10,000 synthetic articles made from the blog corpus.
# Usage: bench/search.sh [corpus-folder]   (default: <repo>/../shared/corpus/rust-blog/posts)
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/.." && pwd)"
corpus="${1:-$repo_root/../shared/corpus/rust-blog/posts}"

cd "$repo_root"
dotnet run -c Release --project bench/SearchBench -- "$corpus"
