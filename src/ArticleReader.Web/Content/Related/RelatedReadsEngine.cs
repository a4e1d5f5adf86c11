namespace ArticleReader.Web.Content.Related;

/// <summary>
/// Computes "related reads" for the published documents of a content snapshot: editor pins first, then
/// documents sharing tags, authors, section or vocabulary, then same-section and latest fallbacks so that
/// every page gets a full list.
/// </summary>
/// <remarks>
/// <para>
/// Score of candidate B under article A: 100 per shared tag, 40 per shared author, 30 for the same section,
/// plus up to 60 for TF-IDF cosine similarity of title, dek and body. Ties go to the newer document, then
/// to the ordinally smaller slug.
/// </para>
/// <para>
/// Cost stays near-linear in the number of documents: tags, authors, sections and text go through inverted
/// indexes, so A only touches documents it shares something with. A list too long to walk for every
/// article (a big section, a tag on a large share of the archive; see <c>RelatedQuery.FullWalkLimit</c>)
/// is walked only for its newest members, and its points are added at selection time to every candidate
/// found by any means; the same-section bonus always works that way. Scores are exact whenever such lists
/// are short; otherwise an older candidate reachable only through them can lose to a newer one. Text uses
/// each document's top TF-IDF terms only and skips near-ubiquitous terms, bounding its postings.
/// </para>
/// <para>
/// Pins come first in front matter order (a pin wins over <c>not_related</c>), then scored picks, then
/// fallbacks; briefs and other non-candidates only ever appear as pins.
/// </para>
/// <para>
/// The model is built once per content snapshot; a document's picks are computed once per snapshot, when
/// first asked for (<see cref="Prepare"/>) or for all documents at once (<see cref="Compute"/>); never per request.
/// </para>
/// </remarks>
public static class RelatedReadsEngine
{
    /// <summary>Points per shared tag.</summary>
    public const double TagScore = 100;

    /// <summary>Points per shared author.</summary>
    public const double AuthorScore = 40;

    /// <summary>Points for being in the same section.</summary>
    public const double SectionScore = 30;

    /// <summary>Points for identical text (cosine 1.0); lower similarity scales linearly.</summary>
    public const double MaxTextScore = 60;

    /// <summary>
    /// Cosine below which text similarity is ignored: one faintly shared word is noise, and labelling such
    /// a link "similar text" would mislead readers.
    /// </summary>
    public const double MinTextCosine = 0.05;

    /// <summary>
    /// One worker per core: the work is CPU-bound, and every extra worker would allocate its own
    /// document-sized scratch arrays.
    /// </summary>
    internal static ParallelOptions ParallelOptions => new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    /// <summary>
    /// Builds the model for <paramref name="documents"/>, which must be the published documents only;
    /// each document's picks are computed when first asked for (<see cref="RelatedReads.For(string)"/>).
    /// </summary>
    /// <param name="documents">Published documents; the order does not affect the result.</param>
    /// <param name="count">Picks wanted per document; each gets min(count, available) picks.</param>
    public static RelatedReads Prepare(IReadOnlyList<RelatedDocument> documents, int count)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentOutOfRangeException.ThrowIfNegative(count);

        var warnings = new List<string>();
        var sorted = SortAndDeduplicate(documents, warnings);
        return new RelatedReads(RelatedModel.Build(sorted, warnings), count, warnings);
    }

    /// <summary>
    /// Computes related reads for every one of <paramref name="documents"/>, which must be the published
    /// documents only (what <see cref="Prepare"/> does one document at a time, all at once, on every core).
    /// </summary>
    /// <param name="documents">Published documents; the order does not affect the result.</param>
    /// <param name="count">Picks wanted per document; each gets min(count, available) picks.</param>
    /// <returns>Picks for every document plus editorial warnings.</returns>
    public static RelatedReadsResult Compute(IReadOnlyList<RelatedDocument> documents, int count)
    {
        var reads = Prepare(documents, count);
        var sorted = reads.Model.Documents;

        // Each query only reads the shared model and writes its own slot; the scratch arrays are per
        // worker so nothing is shared mutably.
        Parallel.For(
            0,
            sorted.Length,
            ParallelOptions,
            () => new RelatedQuery(reads.Model),
            (document, _, query) =>
            {
                reads.Keep(document, reads.Run(query, document));
                return query;
            },
            _ => { });

        var bySlug = new Dictionary<string, IReadOnlyList<RelatedPick>>(sorted.Length, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < sorted.Length; i++)
        {
            bySlug.Add(sorted[i].Slug, reads.For(i));
        }

        return new RelatedReadsResult(bySlug, reads.Warnings);
    }

    /// <summary>
    /// Puts documents in a canonical order, so that term ids, postings and float sums, and therefore the
    /// output, do not depend on the order the caller happened to load files in.
    /// </summary>
    private static RelatedDocument[] SortAndDeduplicate(IReadOnlyList<RelatedDocument> documents, List<string> warnings)
    {
        var all = new RelatedDocument[documents.Count];
        for (var i = 0; i < all.Length; i++)
        {
            var document = documents[i];
            if (document is null)
            {
                throw new ArgumentException("Documents must not contain null.", nameof(documents));
            }

            if (string.IsNullOrWhiteSpace(document.Slug))
            {
                throw new ArgumentException($"Document '{document.Title}' has no slug.", nameof(documents));
            }

            all[i] = document;
        }

        Array.Sort(all, CompareCanonically);

        var unique = new List<RelatedDocument>(all.Length);
        foreach (var document in all)
        {
            if (unique.Count > 0 && string.Equals(unique[^1].Slug, document.Slug, StringComparison.OrdinalIgnoreCase))
            {
                warnings.Add($"slug '{document.Slug}' is used by more than one published document; only the newest is used");
                continue;
            }

            unique.Add(document);
        }

        return unique.ToArray();
    }

    private static int CompareCanonically(RelatedDocument x, RelatedDocument y)
    {
        var order = StringComparer.OrdinalIgnoreCase.Compare(x.Slug, y.Slug);
        if (order != 0)
        {
            return order;
        }

        order = y.Date.CompareTo(x.Date);
        if (order != 0)
        {
            return order;
        }

        order = string.CompareOrdinal(x.Slug, y.Slug);
        if (order != 0)
        {
            return order;
        }

        order = string.CompareOrdinal(x.Title, y.Title);
        return order != 0 ? order : string.CompareOrdinal(x.BodyText, y.BodyText);
    }
}
