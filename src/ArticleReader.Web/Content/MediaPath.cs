namespace ArticleReader.Web.Content;

/// <summary>Resolves image and file references written by editors into URLs under /media/.</summary>
public static class MediaPath
{
    /// <summary>
    /// Returns the URL for <paramref name="reference"/> written in an article in
    /// <paramref name="folder"/> (relative to the content root, '/'-separated, "" for the root):
    /// absolute https URLs stay; '/x' is relative to the content root; anything else is relative
    /// to the folder. Returns null for references that escape the content root or use another scheme.
    /// </summary>
    public static string? Resolve(string folder, string reference)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (string.IsNullOrWhiteSpace(reference))
        {
            return null;
        }

        reference = reference.Trim();
        if (reference.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || reference.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(reference, UriKind.Absolute, out _) ? reference : null;
        }

        if (reference.StartsWith("//", StringComparison.Ordinal) || reference.Contains(':', StringComparison.Ordinal) || reference.StartsWith('#'))
        {
            return null;
        }

        if (reference.StartsWith("/media/", StringComparison.Ordinal))
        {
            return reference;
        }

        var combined = reference.StartsWith('/') ? reference.TrimStart('/') : (folder.Length == 0 ? reference : folder + "/" + reference);
        var relative = Normalize(combined);
        return relative is null ? null : "/media/" + string.Join('/', relative.Split('/').Select(Uri.EscapeDataString));
    }

    /// <summary>Normalizes a '/'-separated relative path; null when it climbs out of the root.</summary>
    public static string? Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return parts.Count == 0 ? null : string.Join('/', parts);
    }
}
