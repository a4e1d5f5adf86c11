namespace ArticleReader.Web.Content;

/// <summary>Where a content file stands for readers at a moment.</summary>
public enum FileStateKind
{
    Published,
    Draft,
    Scheduled,
    Expired,
    Error,
}

/// <summary>One line of the content health report.</summary>
public sealed record FileState(ContentFile File, FileStateKind Kind, DateTimeOffset? When, string? Url)
{
    /// <summary>Every problem of the file, including those found across files (duplicate slugs).</summary>
    public IReadOnlyList<ContentDiagnostic> Problems { get; init; } = [];

    /// <summary>The state of every file in <paramref name="snapshot"/>, errors first, then by path.</summary>
    public static IReadOnlyList<FileState> Report(ContentSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var now = snapshot.BuiltFor;
        var bySource = snapshot.All.ToDictionary(a => a.SourcePath, StringComparer.Ordinal);
        var problems = snapshot.Diagnostics.ToLookup(d => d.Path, StringComparer.Ordinal);
        return snapshot.Files.Select(file => Classify(file) with { Problems = problems[file.Path].ToArray() })
        .OrderBy(s => s.Kind == FileStateKind.Error ? 0 : 1)
        .ThenBy(s => s.File.Path, StringComparer.Ordinal)
        .ToArray();

        FileState Classify(ContentFile file)
        {
            if (file.Article is null)
            {
                return new FileState(file, FileStateKind.Error, null, null);
            }

            var article = file.Article;
            if (article.Draft)
            {
                return new FileState(file, FileStateKind.Draft, null, null);
            }

            if (article.Date > now)
            {
                return new FileState(file, FileStateKind.Scheduled, article.Date, null);
            }

            if (article.Expires is { } expires && expires <= now)
            {
                return new FileState(file, FileStateKind.Expired, expires, null);
            }

            var slug = bySource.TryGetValue(article.SourcePath, out var published) ? published.Slug : article.Slug;
            return new FileState(file, file.HasErrors ? FileStateKind.Error : FileStateKind.Published, null, $"/articles/{slug}");
        }
    }
}
