namespace ArticleReader.Web.Content.Search;

/// <summary>
/// Tokenises documents into <see cref="DocumentAnalysis"/> instances. One instance serves one build and is not
/// thread-safe; it reuses its buffers across documents and interns term strings so each distinct term is stored once.
/// </summary>
internal sealed class DocumentAnalyzer
{
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>? _previousTerms;
    private readonly HashSet<string> _newTerms = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _newTermsLookup;
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _slotsLookup;
    private readonly List<string> _terms = [];
    private readonly int[] _fieldLengths = new int[SearchFields.Count];
    private ushort[] _frequencies = new ushort[256 * SearchFields.Count];

    /// <param name="previousTerms">
    /// The previous index's term table, if any: new documents share its string instances instead of adding copies.
    /// </param>
    public DocumentAnalyzer(Dictionary<string, int>? previousTerms)
    {
        _previousTerms = previousTerms?.GetAlternateLookup<ReadOnlySpan<char>>();
        _newTermsLookup = _newTerms.GetAlternateLookup<ReadOnlySpan<char>>();
        _slotsLookup = _slots.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public DocumentAnalysis Analyze(SearchDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);

        _slots.Clear();
        _terms.Clear();
        Array.Clear(_fieldLengths);

        AddText(document.Title, SearchField.Title);
        AddText(document.Dek, SearchField.Dek);
        if (document.Tags is not null)
        {
            foreach (var tag in document.Tags)
            {
                AddText(tag, SearchField.Tags);
            }
        }

        if (document.Authors is not null)
        {
            foreach (var author in document.Authors)
            {
                AddText(author, SearchField.Authors);
            }
        }

        AddText(document.BodyText, SearchField.Body);

        var count = _terms.Count;
        var frequencies = _frequencies.AsSpan(0, count * SearchFields.Count).ToArray();
        _frequencies.AsSpan(0, count * SearchFields.Count).Clear();
        return new DocumentAnalysis([.. _terms], frequencies, (int[])_fieldLengths.Clone());
    }

    private void AddText(string? text, SearchField field)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        Span<char> buffer = stackalloc char[SearchText.MaxTermLength];
        var scanner = new WordScanner(text);
        while (scanner.MoveNext())
        {
            if (scanner.Length > SearchText.MaxTermLength)
            {
                continue;
            }

            var folded = SearchText.Fold(scanner.Current, buffer);
            if (folded.IsEmpty || folded.Length > SearchText.MaxTermLength || StopWords.Contains(folded))
            {
                continue;
            }

            if (!_slotsLookup.TryGetValue(folded, out var slot))
            {
                slot = _terms.Count;
                var term = Intern(folded);
                _slots.Add(term, slot);
                _terms.Add(term);
                EnsureCapacity(_terms.Count);
            }

            ref var frequency = ref _frequencies[(slot * SearchFields.Count) + (int)field];
            if (frequency < ushort.MaxValue)
            {
                frequency++;
            }

            _fieldLengths[(int)field]++;
        }
    }

    private string Intern(ReadOnlySpan<char> folded)
    {
        if (_previousTerms is { } previous && previous.TryGetValue(folded, out var existing, out _))
        {
            return existing;
        }

        if (_newTermsLookup.TryGetValue(folded, out var known))
        {
            return known;
        }

        var term = folded.ToString();
        _newTerms.Add(term);
        return term;
    }

    private void EnsureCapacity(int termCount)
    {
        var needed = termCount * SearchFields.Count;
        if (needed > _frequencies.Length)
        {
            // Doubling keeps resizes rare; the array is cleared after each document, so only the used prefix matters.
            Array.Resize(ref _frequencies, Math.Max(needed, _frequencies.Length * 2));
        }
    }
}
