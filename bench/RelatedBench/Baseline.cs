using ArticleReader.Web.Content.Related;

namespace RelatedBench;

/// <summary>
/// The cheapest thing any text-based related-reads pass must do: read every character once, split on
/// letters and digits and lower-case. Used as a yardstick for the engine's cost.
/// </summary>
public static class Baseline
{
    /// <summary>Tokenises and hashes all documents; returns the token count and a checksum so the work cannot be elided.</summary>
    public static (long Tokens, int Checksum) Tokenise(IReadOnlyList<RelatedDocument> documents)
    {
        long tokens = 0;
        var buffer = new char[256];
        var hash = 0;
        foreach (var document in documents)
        {
            foreach (var text in new[] { document.Title, document.Dek, document.BodyText })
            {
                if (text is null)
                {
                    continue;
                }

                var length = 0;
                foreach (var c in text)
                {
                    if (char.IsLetterOrDigit(c))
                    {
                        if (length < buffer.Length)
                        {
                            buffer[length++] = char.ToLowerInvariant(c);
                        }
                    }
                    else if (length > 0)
                    {
                        hash = Fnv(hash, buffer.AsSpan(0, length));
                        tokens++;
                        length = 0;
                    }
                }

                if (length > 0)
                {
                    tokens++;
                }
            }
        }

        return (tokens, hash);
    }

    // A fixed hash (string hashing is randomised per process) so the checksum is comparable across runs.
    private static int Fnv(int seed, ReadOnlySpan<char> token)
    {
        var hash = (uint)seed ^ 2166136261;
        foreach (var c in token)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)hash;
    }
}
