#!/usr/bin/env bash
# Writes N articles under OUT for load and start-up benchmarks, made from the sample magazine
# (content/) and, when present, the real blog posts in ../shared/corpus/rust-blog/posts
# (BLOG_CORPUS=folder overrides; from a git worktree, ../shared beside the main checkout).
# Usage: bench/gen-corpus.sh N OUT
#
# The sources are taken in turn (the sample content first, then the blog posts) until N files
# are written. Each file gets
#   - a unique slug, `<source name>-<i>`, set in the front matter and used as the file name;
#   - a unique title, the source's title with " (no. i)" appended;
#   - a date: article 1 is yesterday, article N about ten years earlier, evenly spread, with
#     distinct minutes, so listings, feeds and pagination have a realistic spread;
# and keeps every other field (author, type, section, tags, image, dek ...). Fields that would
# not make sense on a copy are dropped: aliases, id, related/not_related pins, draft, expiry and
# update dates, so all N are published articles. Sample articles keep their sub-folder (briefs/,
# europe/) so relative image paths still resolve; content/images is copied to OUT/images.
# Blog posts go to OUT/blog/. Source files without an opening '---' line are skipped.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/.." && pwd)"

if [[ $# -ne 2 || ! "$1" =~ ^[0-9]+$ || "$1" -lt 1 ]]; then
    echo "usage: bench/gen-corpus.sh N OUT   (N >= 1 articles written under the folder OUT)" >&2
    exit 2
fi
count="$1"
out="$2"
content="$repo_root/content"
# shellcheck source=bench/lib.sh
source "$script_dir/lib.sh"
blog="${BLOG_CORPUS:-$(shared_dir)/corpus/rust-blog/posts}"

mkdir -p "$out"
list="$(mktemp)"
trap 'rm -f "$list"' EXIT

# "folder-in-OUT <tab> source path", sample content first; README.md at the top is the editors' guide.
(cd "$content" && find . -type f -name '*.md' ! -path './README.md' | LC_ALL=C sort) | while IFS= read -r rel; do
    dir="$(dirname "${rel#./}")"
    [[ "$dir" == . ]] && dir=""
    printf '%s\t%s\n' "$dir" "$content/${rel#./}"
done >"$list"
if [[ -d "$blog" ]]; then
    find "$blog" -type f -name '*.md' | LC_ALL=C sort | while IFS= read -r path; do
        printf 'blog\t%s\n' "$path"
    done >>"$list"
fi

if [[ -d "$content/images" ]]; then
    cp -R "$content/images" "$out/"
fi

# Days since 1970 for yesterday (UTC); awk turns day numbers into dates itself (mawk has no strftime).
end_day=$(($(date -u +%s) / 86400 - 1))

awk -F'\t' -v count="$count" -v out="$out" -v end_day="$end_day" '
function civil(days,    z, era, doe, yoe, y, doy, mp, d, m) {
    # Howard Hinnant, days_from_civil inverse.
    z = days + 719468
    era = int((z >= 0 ? z : z - 146096) / 146097)
    doe = z - era * 146097
    yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
    y = yoe + era * 400
    doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
    mp = int((5 * doy + 2) / 153)
    d = doy - int((153 * mp + 2) / 5) + 1
    m = mp < 10 ? mp + 3 : mp - 9
    if (m <= 2) y++
    return sprintf("%04d-%02d-%02d", y, m, d)
}
function slugify(s) {
    s = tolower(s)
    gsub(/[^a-z0-9]+/, "-", s)
    gsub(/^-+|-+$/, "", s)
    return s == "" ? "article" : s
}
function dropped(key) {
    return key ~ /^(title|date|publish_?date|slug|aliases|id|draft|expires|expiry_?date|related|not_related|updated|lastmod)$/
}
# Reads one source into src_*; returns 0 when it has no front matter.
function load(n, path,    line, state, key, first) {
    state = 0; first = 1; dropping = 0
    src_title[n] = ""; src_head[n] = 0; src_body[n] = 0
    while ((getline line < path) > 0) {
        sub(/\r$/, "", line)
        if (first) { sub(/^\357\273\277/, "", line); }
        if (state == 0) {
            if (line ~ /^[ \t]*$/) continue
            first = 0
            if (line !~ /^---[ \t]*$/) { close(path); return 0 }
            state = 1; continue
        }
        if (state == 1) {
            if (line ~ /^---[ \t]*$/) { state = 2; continue }
            if (line ~ /^[A-Za-z_][A-Za-z0-9_-]*[ \t]*:/) {
                key = line; sub(/[ \t]*:.*/, "", key); key = tolower(key); gsub(/-/, "_", key)
                dropping = dropped(key)
                if (key == "title") {
                    src_title[n] = line; sub(/^[^:]*:[ \t]*/, "", src_title[n]); sub(/[ \t]+$/, "", src_title[n])
                }
            }
            if (!dropping) src_headline[n, ++src_head[n]] = line
            continue
        }
        src_bodyline[n, ++src_body[n]] = line
    }
    close(path)
    return state == 2
}
function title_for(t, i, base,    q, inner) {
    q = substr(t, 1, 1)
    if ((q == "\"" || q == sprintf("%c", 39)) && length(t) >= 2 && substr(t, length(t), 1) == q)
        return substr(t, 1, length(t) - 1) " (no. " i ")" q
    if (t == "" || t ~ /^[|>]/) t = base
    gsub(/\\/, "\\\\", t); gsub(/"/, "\\\"", t)
    return "\"" t " (no. " i ")\""
}
{
    if (load(NR, $2)) {
        n++
        dir[n] = $1
        name = $2; sub(/.*\//, "", name); sub(/\.md$/, "", name); sub(/^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]-/, "", name)
        base[n] = name; slugbase[n] = slugify(name); idx[n] = NR
    } else {
        skipped++
    }
}
END {
    if (n == 0) { print "no usable source articles" > "/dev/stderr"; exit 1 }
    span = 3650
    for (i = 1; i <= count; i++) {
        s = (i - 1) % n + 1; k = idx[s]
        slug = slugbase[s] "-" i
        folder = out (dir[s] == "" ? "" : "/" dir[s])
        if (!(folder in made)) { made[folder] = 1; system("mkdir -p \"" folder "\"") }
        file = folder "/" slug ".md"
        minutes = int((i - 1) * span * 1440 / count)
        day = end_day - int(minutes / 1440); mod = 1439 - minutes % 1440
        print "---" > file
        print "title: " title_for(src_title[k], i, base[s]) > file
        printf "date: %s %02d:%02d\n", civil(day), int(mod / 60), mod % 60 > file
        print "slug: " slug > file
        for (j = 1; j <= src_head[k]; j++) print src_headline[k, j] > file
        print "---" > file
        for (j = 1; j <= src_body[k]; j++) print src_bodyline[k, j] > file
        close(file)
    }
    printf "wrote %d articles under %s from %d sources (%d skipped: no front matter)\n", count, out, n, skipped + 0 > "/dev/stderr"
}' "$list"
