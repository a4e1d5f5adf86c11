using System.ComponentModel.DataAnnotations;

namespace ArticleReader.Web.Infrastructure;

/// <summary>The <c>Content</c> section.</summary>
public sealed class ContentOptions
{
    public const string Section = "Content";

    /// <summary>Content folder; a relative path resolves against the working directory.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Root { get; set; } = "content";

    /// <summary>Poll for changes where file events do not arrive (network shares, container volumes).</summary>
    public bool UsePolling { get; set; }

    /// <summary>Larger files are skipped with a warning.</summary>
    [Range(1, 256L * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>How long the folder must be quiet before a reload (bursts of events are debounced).</summary>
    [Range(0, 5000)]
    public int DebounceMilliseconds { get; set; } = 150;

    /// <summary>Interval of the polling watcher.</summary>
    [Range(50, 60000)]
    public int PollingIntervalMilliseconds { get; set; } = 500;
}

/// <summary>A link to one of the publication's social accounts.</summary>
public sealed class SocialLink
{
    [Required]
    public string Name { get; set; } = string.Empty;

    [Required]
    [Url]
    public string Url { get; set; } = string.Empty;
}

/// <summary>The <c>Site</c> section.</summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    [Required(AllowEmptyStrings = false)]
    public string Title { get; set; } = "The Meridian Review";

    /// <summary>Absolute base URL for feeds and canonical links.</summary>
    [Url]
    public string BaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>One line under the masthead.</summary>
    public string Tagline { get; set; } = "Analysis of the world's power, trade and conflict";

    public List<SocialLink> Social { get; set; } = [];

    /// <summary>Articles per listing page.</summary>
    [Range(1, 100)]
    public int PageSize { get; set; } = 10;

    /// <summary>Articles in the sidebar's LATEST list.</summary>
    [Range(1, 50)]
    public int LatestCount { get; set; } = 5;
}

/// <summary>The <c>Related</c> section.</summary>
public sealed class RelatedOptions
{
    public const string Section = "Related";

    /// <summary>Related reads under each article.</summary>
    [Range(0, 12)]
    public int Count { get; set; } = 3;
}

/// <summary>The <c>Briefs</c> section.</summary>
public sealed class BriefsOptions
{
    public const string Section = "Briefs";

    /// <summary>Briefs in the strip on the home page.</summary>
    [Range(0, 50)]
    public int HomeCount { get; set; } = 5;

    /// <summary>Briefs in the sidebar strip of every page.</summary>
    [Range(0, 50)]
    public int SidebarCount { get; set; } = 3;
}

/// <summary>The <c>Editor</c> section.</summary>
public sealed class EditorOptions
{
    public const string Section = "Editor";

    /// <summary>
    /// The content health page answers in Development and to loopback clients; set true to
    /// let any client see it (only behind your own access control).
    /// </summary>
    public bool AllowRemoteHealthPage { get; set; }
}
