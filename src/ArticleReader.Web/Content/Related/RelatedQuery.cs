using System.Runtime.CompilerServices;
using System.Text;

namespace ArticleReader.Web.Content.Related;

/// <summary>
/// Computes the picks of one document at a time against a shared <see cref="RelatedModel"/>. Holds
/// document-sized scratch arrays that are reused across queries, so one instance per worker thread keeps
/// the query phase allocation-light; not thread-safe.
/// </summary>
internal sealed class RelatedQuery
{
    /// <summary>
    /// Tag, author and section lists up to this length are walked in full, which scores every pair exactly.
    /// Longer lists would make the walk quadratic (a tag on half the archive touches half the archive for
    /// every article), so only their newest members are walked; their points still go to every candidate
    /// found by any means. The one approximation: an older candidate reachable only through such lists can
    /// lose to a newer one sharing fewer of them.
    /// </summary>
    public const int FullWalkLimit = 500;

    private const string SimilarTextLabel = "similar text";
    private const string EditorsPickLabel = "editor's pick";
    private const string LatestLabel = "latest";
    private const string GroupSeparator = " · ";
    private const string NameSeparator = ", ";

    private readonly RelatedModel _model;
    private readonly FrontMatterIndex _frontMatter;
    private readonly TextSimilarityIndex _text;

    // _stamp[b] == _run means b was touched by the current run; this saves clearing the
    // score arrays between queries.
    private readonly int[] _stamp;
    private readonly double[] _structural;
    private readonly double[] _dots;
    private readonly int[] _touched;
    private readonly StringBuilder _label = new();
    private readonly List<int> _commonTags = [];
    private readonly List<int> _commonAuthors = [];
    private int _touchedCount;

    // Counts runs, so that a second run for the same document (a lazily asked article computed again)
    // starts from clean scores like any other.
    private int _run;
    private int[] _bestDocs = new int[8];
    private double[] _bestScores = new double[8];
    private int _bestCount;

    public RelatedQuery(RelatedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);

        _model = model;
        _frontMatter = model.FrontMatter;
        _text = model.Text;
        var n = model.Documents.Length;
        _stamp = new int[n];
        Array.Fill(_stamp, -1);
        _structural = new double[n];
        _dots = new double[n];
        _touched = new int[n];
    }

    /// <summary>Returns up to <paramref name="count"/> picks for document <paramref name="self"/>, best first.</summary>
    public RelatedPick[] Run(int self, int count)
    {
        var documents = _model.Documents;
        var pins = _model.Pins[self];
        var excluded = _model.Exclusions[self];
        var picks = new List<RelatedPick>(Math.Min(count, documents.Length));

        foreach (var pin in pins)
        {
            if (picks.Count == count)
            {
                return [.. picks];
            }

            picks.Add(new RelatedPick(documents[pin].Slug, SharedLabel(self, pin) ?? EditorsPickLabel, DirectScore(self, pin)));
        }

        var needed = Math.Min(count - picks.Count, documents.Length);
        if (needed == 0)
        {
            return [.. picks];
        }

        NextRun();
        Accumulate(self);
        SelectBest(self, needed, pins, excluded);

        for (var i = 0; i < _bestCount; i++)
        {
            var pick = _bestDocs[i];
            var label = SharedLabel(self, pick) ?? (TextPointsOf(pick) > 0 ? SimilarTextLabel : LatestLabel);
            picks.Add(new RelatedPick(documents[pick].Slug, label, _bestScores[i]));
        }

        // Last resort: whatever is newest, so that short or isolated pieces still get a full list.
        foreach (var candidate in _model.LatestCandidates)
        {
            if (picks.Count == count)
            {
                break;
            }

            if (candidate == self || Contains(pins, candidate) || Contains(excluded, candidate)
                || Contains(_bestDocs.AsSpan(0, _bestCount), candidate))
            {
                continue;
            }

            var label = SameSection(self, candidate) ? _frontMatter.SectionNames[self]! : LatestLabel;
            picks.Add(new RelatedPick(documents[candidate].Slug, label, 0));
        }

        return [.. picks];
    }

    private void NextRun()
    {
        if (++_run == int.MaxValue)
        {
            Array.Fill(_stamp, -1);
            _run = 0;
        }
    }

    // Runs in bursts (every article at once, or many first page views after a start or a reload): go
    // straight to optimised code instead of spending the burst in tier-0 waiting for tiering to catch up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Accumulate(int self)
    {
        _touchedCount = 0;
        _commonTags.Clear();
        _commonAuthors.Clear();

        foreach (var tag in _frontMatter.TagIds[self])
        {
            Walk(_frontMatter.TagPostings[tag], RelatedReadsEngine.TagScore, tag, _commonTags);
        }

        foreach (var author in _frontMatter.AuthorIds[self])
        {
            Walk(_frontMatter.AuthorPostings[author], RelatedReadsEngine.AuthorScore, author, _commonAuthors);
        }

        var terms = _text.TermsOf(self);
        var weights = _text.WeightsOf(self);
        for (var k = 0; k < terms.Length; k++)
        {
            double weight = weights[k];
            var postingDocs = _text.PostingDocs(terms[k]);
            var postingWeights = _text.PostingWeights(terms[k]);
            for (var j = 0; j < postingDocs.Length; j++)
            {
                var other = postingDocs[j];
                Touch(other);
                _dots[other] += weight * postingWeights[j];
            }
        }
    }

    private void Walk(int[] postings, double points, int id, List<int> common)
    {
        if (postings.Length <= FullWalkLimit)
        {
            foreach (var other in postings)
            {
                Touch(other);
                _structural[other] += points;
            }

            return;
        }

        // Too common to walk for every article: its points are added at selection time to every candidate
        // found by any means, and only its newest members are found through it.
        common.Add(id);
        for (var i = 0; i < FullWalkLimit; i++)
        {
            Touch(postings[i]);
        }
    }

    private void Touch(int other)
    {
        if (_stamp[other] != _run)
        {
            _stamp[other] = _run;
            _structural[other] = 0;
            _dots[other] = 0;
            _touched[_touchedCount++] = other;
        }
    }

    // Runs in bursts (every article at once, or many first page views after a start or a reload): go
    // straight to optimised code instead of spending the burst in tier-0 waiting for tiering to catch up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SelectBest(int self, int needed, int[] pins, int[] excluded)
    {
        if (_bestDocs.Length < needed)
        {
            _bestDocs = new int[needed];
            _bestScores = new double[needed];
        }

        _bestCount = 0;
        var sectionId = _frontMatter.SectionIds[self];

        for (var i = 0; i < _touchedCount; i++)
        {
            var other = _touched[i];
            if (other == self || Contains(pins, other) || Contains(excluded, other))
            {
                continue;
            }

            var score = _structural[other] + CommonPoints(other) + TextPoints(_dots[other]);
            if (sectionId >= 0 && _frontMatter.SectionIds[other] == sectionId)
            {
                score += RelatedReadsEngine.SectionScore;
            }

            if (score > 0)
            {
                Offer(other, score, needed);
            }
        }

        if (sectionId < 0)
        {
            return;
        }

        // The section is never walked up front: in a big section every pair shares it. Members not found by
        // other means score the section bonus plus whatever common tags or authors they share; without
        // common ones that is the same for all, so the newest `needed` of them are the only ones that can
        // make the list. With common ones, look further, up to the walk limit.
        var limit = _commonTags.Count + _commonAuthors.Count == 0 ? needed : FullWalkLimit;
        var offered = 0;
        foreach (var other in _frontMatter.SectionMembers[sectionId])
        {
            if (offered == limit)
            {
                break;
            }

            if (_stamp[other] == _run || other == self || Contains(pins, other) || Contains(excluded, other))
            {
                continue;
            }

            Offer(other, RelatedReadsEngine.SectionScore + CommonPoints(other), needed);
            offered++;
        }
    }

    private double CommonPoints(int other)
    {
        double points = 0;
        foreach (var tag in _commonTags)
        {
            if (Contains(_frontMatter.TagIds[other], tag))
            {
                points += RelatedReadsEngine.TagScore;
            }
        }

        foreach (var author in _commonAuthors)
        {
            if (Contains(_frontMatter.AuthorIds[other], author))
            {
                points += RelatedReadsEngine.AuthorScore;
            }
        }

        return points;
    }

    private void Offer(int document, double score, int capacity)
    {
        if (_bestCount == capacity && !Outranks(document, score, _bestDocs[_bestCount - 1], _bestScores[_bestCount - 1]))
        {
            return;
        }

        var position = _bestCount == capacity ? capacity - 1 : _bestCount++;
        while (position > 0 && Outranks(document, score, _bestDocs[position - 1], _bestScores[position - 1]))
        {
            _bestDocs[position] = _bestDocs[position - 1];
            _bestScores[position] = _bestScores[position - 1];
            position--;
        }

        _bestDocs[position] = document;
        _bestScores[position] = score;
    }

    private bool Outranks(int document, double score, int otherDocument, double otherScore) =>
        score > otherScore
        || (score == otherScore && _model.RecencyRank[document] < _model.RecencyRank[otherDocument]);

    private double TextPointsOf(int other) => _stamp[other] == _run ? TextPoints(_dots[other]) : 0;

    private static double TextPoints(double cosine) =>
        cosine >= RelatedReadsEngine.MinTextCosine ? RelatedReadsEngine.MaxTextScore * Math.Min(cosine, 1) : 0;

    /// <summary>
    /// Scores a pinned document from scratch: pins may be non-candidates, which the indexes never return.
    /// </summary>
    private double DirectScore(int self, int other)
    {
        var score = RelatedReadsEngine.TagScore * CountShared(_frontMatter.TagIds[self], _frontMatter.TagIds[other])
            + RelatedReadsEngine.AuthorScore * CountShared(_frontMatter.AuthorIds[self], _frontMatter.AuthorIds[other]);
        if (SameSection(self, other))
        {
            score += RelatedReadsEngine.SectionScore;
        }

        var terms = _text.TermsOf(self);
        var weights = _text.WeightsOf(self);
        var otherTerms = _text.TermsOf(other);
        var otherWeights = _text.WeightsOf(other);
        double cosine = 0;
        for (var i = 0; i < terms.Length; i++)
        {
            var j = otherTerms.IndexOf(terms[i]);
            if (j >= 0)
            {
                cosine += (double)weights[i] * otherWeights[j];
            }
        }

        return score + TextPoints(cosine);
    }

    private bool SameSection(int self, int other) =>
        _frontMatter.SectionIds[self] >= 0 && _frontMatter.SectionIds[self] == _frontMatter.SectionIds[other];

    /// <summary>
    /// Shared tags (in the article's spelling and order), then shared authors, then the section; null when
    /// nothing is shared.
    /// </summary>
    private string? SharedLabel(int self, int other)
    {
        _label.Clear();
        AppendShared(_frontMatter.TagIds[self], _frontMatter.TagNames[self], _frontMatter.TagIds[other]);
        AppendShared(_frontMatter.AuthorIds[self], _frontMatter.AuthorNames[self], _frontMatter.AuthorIds[other]);
        if (SameSection(self, other))
        {
            StartGroup();
            _label.Append(_frontMatter.SectionNames[self]);
        }

        return _label.Length == 0 ? null : _label.ToString();
    }

    private void AppendShared(int[] ids, string[] names, int[] otherIds)
    {
        var first = true;
        for (var i = 0; i < ids.Length; i++)
        {
            if (!Contains(otherIds, ids[i]))
            {
                continue;
            }

            if (first)
            {
                StartGroup();
                first = false;
            }
            else
            {
                _label.Append(NameSeparator);
            }

            _label.Append(names[i]);
        }
    }

    private void StartGroup()
    {
        if (_label.Length > 0)
        {
            _label.Append(GroupSeparator);
        }
    }

    private static int CountShared(int[] ids, int[] otherIds)
    {
        var shared = 0;
        foreach (var id in ids)
        {
            if (Contains(otherIds, id))
            {
                shared++;
            }
        }

        return shared;
    }

    // Pins, exclusions and per-document tag lists are a handful of entries: a linear scan beats hashing.
    private static bool Contains(ReadOnlySpan<int> values, int value) => values.IndexOf(value) >= 0;
}
