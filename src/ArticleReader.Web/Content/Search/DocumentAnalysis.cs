namespace ArticleReader.Web.Content.Search;

/// <summary>
/// The result of tokenising one document: its distinct terms with per-field frequencies and its field lengths.
/// Kept by the index so a rebuild can skip tokenising documents that did not change.
/// </summary>
internal sealed class DocumentAnalysis
{
    public DocumentAnalysis(string[] terms, ushort[] frequencies, int[] fieldLengths)
    {
        Terms = terms;
        Frequencies = frequencies;
        FieldLengths = fieldLengths;
    }

    /// <summary>Distinct indexed terms (stop words excluded), in first-occurrence order.</summary>
    public string[] Terms { get; }

    /// <summary>
    /// Term frequency per field, <see cref="SearchFields.Count"/> entries per term in <see cref="SearchField"/>
    /// order; ushort (saturating) because BM25 flattens large counts anyway and this array dominates memory.
    /// </summary>
    public ushort[] Frequencies { get; }

    /// <summary>Indexed tokens per field, for length normalisation.</summary>
    public int[] FieldLengths { get; }
}
