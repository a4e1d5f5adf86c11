namespace ArticleReader.Web.Content.Search;

/// <summary>Indexed fields; the numeric values index per-field arrays.</summary>
internal enum SearchField
{
    Title = 0,
    Dek = 1,
    Tags = 2,
    Authors = 3,
    Body = 4,
}

/// <summary>Per-field ranking parameters.</summary>
internal static class SearchFields
{
    public const int Count = 5;

    /// <summary>Field weights, indexed by <see cref="SearchField"/>.</summary>
    public static ReadOnlySpan<float> Weights => [3f, 1.5f, 2.5f, 2f, 1f];

    // Per-field length normalisation. Short fields get little or none: a tag list or author list is a set,
    // and a long title should not lose to a body that merely repeats the word (see SearchIndex remarks).
    public static ReadOnlySpan<float> LengthNormalisation => [0.3f, 0.5f, 0f, 0f, 0.75f];
}
