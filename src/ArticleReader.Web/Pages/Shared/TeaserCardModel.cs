using ArticleReader.Web.Content;

namespace ArticleReader.Web.Pages.Shared;

/// <summary>One teaser card: the article, what links it to the page (related reads only) and a prefix for element ids.</summary>
public sealed record TeaserCardModel(Article Article, string? RelatedBy, string IdPrefix, string HeadingLevel = "h3")
{
    /// <summary>The headline as HTML with matching words marked (search results); null shows the plain title.</summary>
    public string? TitleHtml { get; init; }

    /// <summary>The excerpt as HTML with matching words marked (search results); null shows the plain excerpt.</summary>
    public string? ExcerptHtml { get; init; }

    /// <summary>The id of the expandable part, unique on the page.</summary>
    public string MoreId => $"{IdPrefix}-{Article.Slug}-more";
}
