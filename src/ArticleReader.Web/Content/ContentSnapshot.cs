using System.Collections.Concurrent;
using ArticleReader.Web.Content.Related;
using ArticleReader.Web.Content.Search;

namespace ArticleReader.Web.Content;

/// <summary>A listing page's subject and its articles, newest first.</summary>
public sealed record Listing(Taxon Subject, IReadOnlyList<Article> Articles);

/// <summary>A related read under an article, with what the two share.</summary>
public sealed record RelatedCard(Article Article, string RelatedBy);

/// <summary>
/// Everything readers can see at one moment, built in one go and never changed afterwards:
/// a reload builds a new snapshot and swaps the reference, so a request never sees half a reload.
/// </summary>
public sealed record ContentSnapshot
{
    public static readonly ContentSnapshot Empty = new();

    /// <summary>Increases with every snapshot a store publishes.</summary>
    public long Version { get; init; }

    /// <summary>The moment visibility (schedule, expiry) was computed for.</summary>
    public DateTimeOffset BuiltFor { get; init; }

    /// <summary>The next moment a scheduled article goes live or one expires; null when none.</summary>
    public DateTimeOffset? NextTransition { get; init; }

    /// <summary>Visible articles and briefs, newest first.</summary>
    public IReadOnlyList<Article> All { get; init; } = [];

    /// <summary>Visible articles that are not briefs, newest first.</summary>
    public IReadOnlyList<Article> Stories { get; init; } = [];

    /// <summary>Visible briefs, newest first.</summary>
    public IReadOnlyList<Article> Briefs { get; init; } = [];

    public IReadOnlyDictionary<string, Article> BySlug
    {
        get => _bySlug;
        init
        {
            _bySlug = value;
            _relatedCards = new(StringComparer.Ordinal);
        }
    }

    private readonly IReadOnlyDictionary<string, Article> _bySlug = new Dictionary<string, Article>();

    /// <summary>Old paths and slugs (aliases, earlier slugs of the same id) to the current slug.</summary>
    public IReadOnlyDictionary<string, string> Redirects { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, Listing> Sections { get; init; } = new Dictionary<string, Listing>();

    public IReadOnlyDictionary<string, Listing> Tags { get; init; } = new Dictionary<string, Listing>();

    public IReadOnlyDictionary<string, Listing> Authors { get; init; } = new Dictionary<string, Listing>();

    /// <summary>Sections in the order the masthead shows them (most articles first).</summary>
    public IReadOnlyList<Taxon> SectionNav { get; init; } = [];

    /// <summary>The related-reads model of the visible articles; <see cref="RelatedTo"/> turns its picks into cards.</summary>
    public RelatedReads RelatedReads
    {
        get => _relatedReads;
        init
        {
            _relatedReads = value;
            _relatedCards = new(StringComparer.Ordinal);
        }
    }

    private readonly RelatedReads _relatedReads = RelatedReads.Empty;

    // Cards per article, made the first time its page asks. A copy made with `with` shares them,
    // unless it sets other articles or other related reads, which start it afresh.
    private readonly ConcurrentDictionary<string, IReadOnlyList<RelatedCard>> _relatedCards = new(StringComparer.Ordinal);

    private Lazy<SearchIndex> _search = new(SearchIndex.Empty);

    /// <summary>Full-text index over the visible articles; built on first use if a <see cref="SearchBuild"/> was given and no one built it yet.</summary>
    public SearchIndex Search
    {
        get => _search.Value;
        init => _search = new Lazy<SearchIndex>(value);
    }

    /// <summary>
    /// Builds <see cref="Search"/> when it is first needed, once (a search that arrives while it is
    /// being built waits for it). The store starts it in the background after publishing, so the
    /// site answers before the index is there.
    /// </summary>
    public Func<SearchIndex> SearchBuild
    {
        init => _search = new Lazy<SearchIndex>(value, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>True once <see cref="Search"/> has been built.</summary>
    public bool IsSearchBuilt => _search.IsValueCreated;

    /// <summary>The search document made for each visible article, reused by the next snapshot for unchanged articles.</summary>
    public IReadOnlyDictionary<Article, SearchDocument> SearchDocuments { get; init; } = new Dictionary<Article, SearchDocument>();

    /// <summary>Every article file with its state, for editors.</summary>
    public IReadOnlyList<ContentFile> Files { get; init; } = [];

    /// <summary>Problems across all files, including those only visible across files (duplicate slugs).</summary>
    public IReadOnlyList<ContentDiagnostic> Diagnostics { get; init; } = [];

    /// <summary>Articles parsed (visible or not) and files skipped for errors.</summary>
    public int ArticleCount { get; init; }

    public int SkippedCount { get; init; }

    /// <summary>The article at <paramref name="slug"/>, or null.</summary>
    public Article? Find(string slug) => BySlug.GetValueOrDefault(slug);

    /// <summary>The related reads of <paramref name="slug"/>.</summary>
    public IReadOnlyList<RelatedCard> RelatedTo(string slug)
    {
        ArgumentNullException.ThrowIfNull(slug);
        if (_relatedCards.TryGetValue(slug, out var cards))
        {
            return cards;
        }

        if (!BySlug.ContainsKey(slug))
        {
            return [];
        }

        cards = RelatedReads.For(slug).Select(p => new RelatedCard(BySlug[p.Slug], p.RelatedBy)).ToArray();
        return _relatedCards.GetOrAdd(slug, cards);
    }
}
