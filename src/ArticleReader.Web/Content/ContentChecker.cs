namespace ArticleReader.Web.Content;

/// <summary>
/// Validates a content folder without starting the site: every problem of every file, including
/// those only visible across files (duplicate slugs, related slugs that do not exist) and on disk
/// (an image file that is not there).
/// </summary>
public static class ContentChecker
{
    // Every body is rendered now, so every error shows (the site renders a body when a page first needs it).
    private static readonly ParseOptions RenderEveryBody = new() { RenderNow = true };

    /// <summary>Checks every article under <paramref name="root"/>; diagnostics sorted by path and line.</summary>
    public static IReadOnlyList<ContentDiagnostic> Check(string root, long maxFileBytes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(root);
        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full))
        {
            return [new ContentDiagnostic(root, 0, 0, DiagnosticSeverity.Error, "the content folder does not exist")];
        }

        var results = new List<ParseResult>();
        foreach (var relative in ContentLoader.ArticlePaths(full))
        {
            var path = Path.Combine(full, relative);
            var size = new FileInfo(path).Length;
            results.Add(size > maxFileBytes
                ? new ParseResult(null, [new ContentDiagnostic(relative, 1, 1, DiagnosticSeverity.Error, $"the file is {size:N0} bytes, more than the limit of {maxFileBytes:N0} (Content:MaxFileBytes); split it or move large media next to it")])
                : ArticleParser.Parse(relative, File.ReadAllBytes(path), maxFileBytes, RenderEveryBody));
        }

        var diagnostics = new List<ContentDiagnostic>();
        foreach (var result in results)
        {
            diagnostics.AddRange(result.Diagnostics);
            diagnostics.AddRange(result.Advisories);
        }

        // Duplicate slugs are found the way the site resolves them.
        var files = results.Select(r => new ContentFile(r.Article?.SourcePath ?? r.Diagnostics[0].Path, r.Article, [], false)).ToArray();
        var snapshot = SnapshotBuilder.Build(files, now, relatedCount: 0, version: 0);
        diagnostics.AddRange(snapshot.Diagnostics.Where(d => !d.Path.StartsWith('(')));

        var slugs = new HashSet<string>(snapshot.Files.Where(f => f.Article is not null).Select(f => f.Article!.BaseSlug), StringComparer.Ordinal);
        foreach (var slug in snapshot.All.Select(a => a.Slug))
        {
            slugs.Add(slug);
        }

        foreach (var result in results.Where(r => r.Article is not null))
        {
            var article = result.Article!;
            Warn(result, "related", article.Related, slugs, diagnostics);
            Warn(result, "not_related", article.NotRelated, slugs, diagnostics);
            if (article.Image is { } image && image.Url.StartsWith("/media/", StringComparison.Ordinal))
            {
                var relative = Uri.UnescapeDataString(image.Url["/media/".Length..]);
                if (!File.Exists(Path.Combine(full, relative)))
                {
                    var (line, column) = result.Positions.GetValueOrDefault("image", (1, 1));
                    diagnostics.Add(new ContentDiagnostic(article.SourcePath, line, column, DiagnosticSeverity.Warning, $"the image file '{relative}' does not exist in the content folder"));
                }
            }
        }

        return diagnostics
            .OrderBy(d => d.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Line)
            .ThenBy(d => d.Column)
            .ThenBy(d => d.Message, StringComparer.Ordinal)
            .ToArray();
    }

    private static void Warn(ParseResult result, string field, IReadOnlyList<string> wanted, HashSet<string> slugs, List<ContentDiagnostic> diagnostics)
    {
        var (line, column) = result.Positions.GetValueOrDefault(field, (1, 1));
        foreach (var slug in wanted.Where(s => !slugs.Contains(s)))
        {
            diagnostics.Add(new ContentDiagnostic(result.Article!.SourcePath, line, column, DiagnosticSeverity.Warning, $"'{field}' names '{slug}', but no article has that slug"));
        }
    }
}
