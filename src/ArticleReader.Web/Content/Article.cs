namespace ArticleReader.Web.Content;

/// <summary>A name that has its own listing page: a section, a tag or an author.</summary>
public sealed record Taxon(string Name, string Slug)
{
    /// <summary>Creates a taxon from a display name.</summary>
    public static Taxon From(string name) => new(name.Trim(), Slugger.Slugify(name));
}

/// <summary>The lead image of an article.</summary>
/// <param name="Url">Site-relative (/media/...) or absolute https URL.</param>
public sealed record ArticleImage(string Url, string? Alt, string? Credit);

/// <summary>One parsed article: front matter read when its file is loaded, body rendered when a page first shows it.</summary>
public sealed record Article
{
    public required string Slug { get; init; }
    public string? Id { get; init; }
    public required string Title { get; init; }
    public string? Dek { get; init; }
    public required DateTimeOffset Date { get; init; }
    public IReadOnlyList<Taxon> Authors { get; init; } = [];
    public string Type { get; init; } = "Analysis";
    public Taxon? Section { get; init; }
    public IReadOnlyList<Taxon> Tags { get; init; } = [];
    public ArticleImage? Image { get; init; }
    public bool Draft { get; init; }
    public DateTimeOffset? Updated { get; init; }
    public string? Correction { get; init; }
    public DateTimeOffset? Expires { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public IReadOnlyList<string> Related { get; init; } = [];
    public IReadOnlyList<string> NotRelated { get; init; } = [];
    public string? SourceUrl { get; init; }
    public string? SourceName { get; init; }

    /// <summary>The markdown body; rendered to HTML on first use.</summary>
    public required ArticleBody Body { get; init; }

    /// <summary>Sanitized HTML of the body (rendered on first use).</summary>
    public string BodyHtml => Body.Rendered.Html;

    /// <summary>Plain text of the body, for search and text similarity (from the markdown, without rendering).</summary>
    public required string BodyText { get; init; }

    /// <summary>The first paragraph, cut at a sentence end near 60 words (plain text; rendered on first use).</summary>
    public string Excerpt => Body.Rendered.Excerpt;

    /// <summary>Sanitized HTML of the paragraphs after the excerpt, about 250 words (rendered on first use).</summary>
    public string MoreHtml => Body.Rendered.MoreHtml;

    /// <summary>Words in <see cref="BodyText"/>.</summary>
    public int WordCount { get; init; }

    /// <summary>Minutes at about 230 words a minute, at least 1.</summary>
    public int ReadingMinutes => Math.Max(1, (int)Math.Round(WordCount / 230.0));

    /// <summary>Path of the source file relative to the content root, with '/' separators.</summary>
    public required string SourcePath { get; init; }

    /// <summary>The slug the file would have had without collision handling.</summary>
    public required string BaseSlug { get; init; }

    public bool IsBrief => string.Equals(Type, "Brief", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a reader may see the article at <paramref name="now"/>.</summary>
    public bool IsVisibleAt(DateTimeOffset now) =>
        !Draft && Date <= now && (Expires is null || Expires > now);
}
