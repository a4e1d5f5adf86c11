namespace ArticleReader.Web.Content.Search;

/// <summary>A matching document and its relevance score (higher is better; only comparable within one query).</summary>
/// <param name="Document">The matching document.</param>
/// <param name="Score">Summed field-weighted BM25 score.</param>
public sealed record SearchHit(SearchDocument Document, double Score);
