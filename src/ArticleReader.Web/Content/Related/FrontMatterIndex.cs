using System.Text;

namespace ArticleReader.Web.Content.Related;

/// <summary>
/// Tags, authors and sections interned to ids, with inverted indexes from each name to the candidate
/// documents carrying it.
/// </summary>
internal sealed class FrontMatterIndex
{
    private FrontMatterIndex(
        int[][] tagIds,
        string[][] tagNames,
        int[][] authorIds,
        string[][] authorNames,
        int[] sectionIds,
        string?[] sectionNames,
        int[][] tagPostings,
        int[][] authorPostings,
        int[][] sectionMembers)
    {
        TagIds = tagIds;
        TagNames = tagNames;
        AuthorIds = authorIds;
        AuthorNames = authorNames;
        SectionIds = sectionIds;
        SectionNames = sectionNames;
        TagPostings = tagPostings;
        AuthorPostings = authorPostings;
        SectionMembers = sectionMembers;
    }

    /// <summary>Distinct tag ids per document, in the document's own order.</summary>
    public int[][] TagIds { get; }

    /// <summary>Display names matching <see cref="TagIds"/>, in the document's own spelling.</summary>
    public string[][] TagNames { get; }

    /// <summary>Distinct author ids per document, in the document's own order.</summary>
    public int[][] AuthorIds { get; }

    /// <summary>Display names matching <see cref="AuthorIds"/>.</summary>
    public string[][] AuthorNames { get; }

    /// <summary>Section id per document, or -1 when it has none.</summary>
    public int[] SectionIds { get; }

    /// <summary>Section display name per document, in the document's own spelling.</summary>
    public string?[] SectionNames { get; }

    /// <summary>Candidate documents per tag id, newest first (ties by slug).</summary>
    public int[][] TagPostings { get; }

    /// <summary>Candidate documents per author id, newest first (ties by slug).</summary>
    public int[][] AuthorPostings { get; }

    /// <summary>Candidate documents per section id, newest first (ties by slug).</summary>
    public int[][] SectionMembers { get; }

    /// <summary>
    /// Builds the index; <paramref name="recencyOrder"/> lists all documents newest first and fixes the
    /// order of every posting list, so that a capped walk over a long list sees its newest members.
    /// </summary>
    public static FrontMatterIndex Build(IReadOnlyList<RelatedDocument> documents, bool[] isCandidate, int[] recencyOrder)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(isCandidate);
        ArgumentNullException.ThrowIfNull(recencyOrder);

        var n = documents.Count;
        var tagKeys = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var authorKeys = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var sectionKeys = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var tagIds = new int[n][];
        var tagNames = new string[n][];
        var authorIds = new int[n][];
        var authorNames = new string[n][];
        var sectionIds = new int[n];
        var sectionNames = new string?[n];

        for (var i = 0; i < n; i++)
        {
            var document = documents[i];
            (tagIds[i], tagNames[i]) = Intern(document.Tags, tagKeys);
            (authorIds[i], authorNames[i]) = Intern(document.Authors, authorKeys);

            var section = NormaliseName(document.Section);
            if (section is null)
            {
                sectionIds[i] = -1;
                continue;
            }

            if (!sectionKeys.TryGetValue(section, out var sectionId))
            {
                sectionId = sectionKeys.Count;
                sectionKeys.Add(section, sectionId);
            }

            sectionIds[i] = sectionId;
            sectionNames[i] = section;
        }

        var tagPostings = Invert(tagIds, tagKeys.Count, isCandidate, recencyOrder);
        var authorPostings = Invert(authorIds, authorKeys.Count, isCandidate, recencyOrder);

        var sectionLists = new List<int>[sectionKeys.Count];
        for (var s = 0; s < sectionLists.Length; s++)
        {
            sectionLists[s] = [];
        }

        foreach (var document in recencyOrder)
        {
            if (isCandidate[document] && sectionIds[document] >= 0)
            {
                sectionLists[sectionIds[document]].Add(document);
            }
        }

        var sectionMembers = Array.ConvertAll(sectionLists, list => list.ToArray());
        return new FrontMatterIndex(
            tagIds, tagNames, authorIds, authorNames, sectionIds, sectionNames, tagPostings, authorPostings, sectionMembers);
    }

    /// <summary>
    /// Trims and collapses inner whitespace runs to one space, so that "Black  Sea" and "Black Sea " are one
    /// name; returns null for blank names.
    /// </summary>
    public static string? NormaliseName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var trimmed = name.AsSpan().Trim();
        var clean = true;
        for (var i = 0; i < trimmed.Length && clean; i++)
        {
            if (char.IsWhiteSpace(trimmed[i]) && (trimmed[i] != ' ' || char.IsWhiteSpace(trimmed[i + 1])))
            {
                clean = false;
            }
        }

        if (clean)
        {
            return trimmed.Length == name.Length ? name : trimmed.ToString();
        }

        var builder = new StringBuilder(trimmed.Length);
        var previousWasSpace = false;
        foreach (var c in trimmed)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!previousWasSpace)
                {
                    builder.Append(' ');
                }

                previousWasSpace = true;
            }
            else
            {
                builder.Append(c);
                previousWasSpace = false;
            }
        }

        return builder.ToString();
    }

    private static (int[] Ids, string[] Names) Intern(IReadOnlyList<string>? names, Dictionary<string, int> keys)
    {
        if (names is null || names.Count == 0)
        {
            return ([], []);
        }

        var ids = new List<int>(names.Count);
        var display = new List<string>(names.Count);
        foreach (var raw in names)
        {
            var name = NormaliseName(raw);
            if (name is null)
            {
                continue;
            }

            if (!keys.TryGetValue(name, out var id))
            {
                id = keys.Count;
                keys.Add(name, id);
            }

            // A tag listed twice must not count twice.
            if (!ids.Contains(id))
            {
                ids.Add(id);
                display.Add(name);
            }
        }

        return (ids.ToArray(), display.ToArray());
    }

    private static int[][] Invert(int[][] idsPerDocument, int keyCount, bool[] isCandidate, int[] recencyOrder)
    {
        var sizes = new int[keyCount];
        foreach (var document in recencyOrder)
        {
            if (isCandidate[document])
            {
                foreach (var id in idsPerDocument[document])
                {
                    sizes[id]++;
                }
            }
        }

        var postings = new int[keyCount][];
        for (var k = 0; k < keyCount; k++)
        {
            postings[k] = new int[sizes[k]];
            sizes[k] = 0;
        }

        foreach (var document in recencyOrder)
        {
            if (isCandidate[document])
            {
                foreach (var id in idsPerDocument[document])
                {
                    postings[id][sizes[id]++] = document;
                }
            }
        }

        return postings;
    }
}
