using ArticleReader.Web.Content.Related;
using ArticleReader.Web.Content.Search;

namespace ArticleReader.Web.Content;

/// <summary>Builds an immutable <see cref="ContentSnapshot"/> from loaded files at a moment in time.</summary>
public static class SnapshotBuilder
{
    /// <summary>
    /// Resolves slugs (the older article keeps a contested slug; newer ones get their date
    /// appended), computes what is visible at <paramref name="now"/>, the listings and the
    /// related reads.
    /// </summary>
    public static ContentSnapshot Build(IReadOnlyList<ContentFile> files, DateTimeOffset now, int relatedCount, long version, ContentSnapshot? previous = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        var diagnostics = files.SelectMany(f => f.Diagnostics).ToList();

        var candidates = files
            .Where(f => f.Article is { Draft: false })
            .Select(f => f.Article!)
            .OrderBy(a => a.Date)
            .ThenBy(a => a.SourcePath, StringComparer.Ordinal)
            .ToList();

        var bySlugAll = new Dictionary<string, Article>(StringComparer.Ordinal);
        var owners = new Dictionary<string, Article>(StringComparer.Ordinal);
        foreach (var article in candidates)
        {
            var resolved = article;
            if (owners.TryGetValue(article.BaseSlug, out var owner))
            {
                var dated = $"{article.BaseSlug}-{article.Date:yyyy-MM-dd}";
                var slug = dated;
                for (var n = 2; bySlugAll.ContainsKey(slug); n++)
                {
                    slug = $"{dated}-{n}";
                }

                resolved = article with { Slug = slug };
                diagnostics.Add(new ContentDiagnostic(article.SourcePath, 1, 1, DiagnosticSeverity.Warning,
                    $"the slug '{article.BaseSlug}' is already used by {owner.SourcePath}, which is older; this article is served at /articles/{slug} (set 'slug:' to choose another)"));
            }
            else if (bySlugAll.ContainsKey(article.BaseSlug))
            {
                // An explicit slug may equal another article's dated fallback; keep URLs unique.
                var slug = $"{article.BaseSlug}-{article.Date:yyyy-MM-dd}";
                for (var n = 2; bySlugAll.ContainsKey(slug); n++)
                {
                    slug = $"{article.BaseSlug}-{article.Date:yyyy-MM-dd}-{n}";
                }

                resolved = article with { Slug = slug };
                owners[article.BaseSlug] = resolved;
            }
            else
            {
                owners[article.BaseSlug] = resolved;
            }

            bySlugAll[resolved.Slug] = resolved;
        }

        var visible = bySlugAll.Values
            .Where(a => a.IsVisibleAt(now))
            .OrderByDescending(a => a.Date)
            .ThenBy(a => a.Slug, StringComparer.Ordinal)
            .ToArray();

        DateTimeOffset? next = null;
        foreach (var article in bySlugAll.Values)
        {
            if (article.Date > now && (next is null || article.Date < next))
            {
                next = article.Date;
            }

            if (article.Expires is { } expires && expires > now && (next is null || expires < next))
            {
                next = expires;
            }
        }

        var bySlug = visible.ToDictionary(a => a.Slug, StringComparer.Ordinal);
        var redirects = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var article in visible)
        {
            foreach (var alias in article.Aliases)
            {
                var path = alias.StartsWith('/') ? alias.TrimEnd('/') : "/articles/" + Slugger.Slugify(alias);
                if (path.Length > 1 && !bySlug.ContainsKey(path.Replace("/articles/", string.Empty, StringComparison.Ordinal)))
                {
                    redirects.TryAdd(path, article.Slug);
                }
            }
        }

        // The model is built now; each article's picks when its page is first rendered.
        var related = RelatedReadsEngine.Prepare(
            visible.Select(a => new RelatedDocument(
                a.Slug, a.Title, a.Dek, a.BodyText,
                a.Tags.Select(t => t.Name).ToArray(), a.Authors.Select(t => t.Name).ToArray(), a.Section?.Name,
                a.Date, IsCandidate: !a.IsBrief, a.Related, a.NotRelated)).ToArray(),
            relatedCount);
        foreach (var warning in related.Warnings)
        {
            diagnostics.Add(new ContentDiagnostic("(related reads)", 0, 0, DiagnosticSeverity.Warning, warning));
        }

        // Unchanged articles are the same objects as in the previous snapshot, so their search
        // analysis is reused and one edited file costs one document's analysis.
        var searchDocuments = new Dictionary<Article, SearchDocument>(ReferenceEqualityComparer.Instance);
        foreach (var article in visible)
        {
            searchDocuments[article] = previous?.SearchDocuments.GetValueOrDefault(article) ?? new SearchDocument(
                article.Slug, article.Title, article.Dek, article.Tags.Select(t => t.Name).ToArray(), article.Authors.Select(a => a.Name).ToArray(), article.BodyText, article.Date);
        }

        // The index is built when first needed, reusing the previous index's analyses; the
        // previous snapshot is held only until then.
        var searchInput = visible.Select(a => searchDocuments[a]).ToArray();
        var previousSnapshot = previous;
        SearchIndex BuildSearch()
        {
            var index = SearchIndex.Build(searchInput, previousSnapshot?.Search);
            previousSnapshot = null;
            return index;
        }

        var sections = Group(visible, a => a.Section is null ? [] : [a.Section]);
        return new ContentSnapshot
        {
            Version = version,
            BuiltFor = now,
            NextTransition = next,
            All = visible,
            Stories = visible.Where(a => !a.IsBrief).ToArray(),
            Briefs = visible.Where(a => a.IsBrief).ToArray(),
            BySlug = bySlug,
            Redirects = redirects,
            Sections = sections,
            Tags = Group(visible, a => a.Tags),
            Authors = Group(visible, a => a.Authors),
            SectionNav = sections.Values.OrderByDescending(l => l.Articles.Count).ThenBy(l => l.Subject.Name, StringComparer.OrdinalIgnoreCase).Select(l => l.Subject).ToArray(),
            RelatedReads = related,
            SearchBuild = BuildSearch,
            SearchDocuments = searchDocuments,
            Files = files,
            Diagnostics = diagnostics,
            ArticleCount = files.Count(f => f.Article is not null),
            SkippedCount = files.Count(f => f.Article is null),
        };
    }

    private static Dictionary<string, Listing> Group(IReadOnlyList<Article> articles, Func<Article, IEnumerable<Taxon>> keys)
    {
        var groups = new Dictionary<string, (Taxon Subject, List<Article> Articles)>(StringComparer.Ordinal);
        foreach (var article in articles)
        {
            foreach (var taxon in keys(article))
            {
                if (!groups.TryGetValue(taxon.Slug, out var group))
                {
                    // The newest article's spelling of the name is the one shown.
                    group = (taxon, []);
                    groups[taxon.Slug] = group;
                }

                group.Articles.Add(article);
            }
        }

        return groups.ToDictionary(g => g.Key, g => new Listing(g.Value.Subject, g.Value.Articles), StringComparer.Ordinal);
    }
}
