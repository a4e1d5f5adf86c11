namespace SearchBench;

/// <summary>A blog post as read from disk: front matter title (and description), markdown body as is.</summary>
internal sealed record Post(string Slug, string Title, string? Description, string Body, DateTimeOffset Date);

/// <summary>Reads markdown posts with YAML front matter between "---" lines, by a simple line scan.</summary>
internal static class CorpusReader
{
    public static List<Post> Read(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Corpus folder not found: {folder}");
        }

        // Sorted so the synthetic corpus, and therefore every figure, is the same on every machine.
        var files = Directory.EnumerateFiles(folder, "*.md", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .ToList();
        var posts = new List<Post>(files.Count);
        foreach (var file in files)
        {
            posts.Add(Parse(file));
        }

        return posts;
    }

    private static Post Parse(string file)
    {
        var lines = File.ReadAllLines(file);
        var name = Path.GetFileNameWithoutExtension(file);
        string? title = null;
        string? description = null;
        var bodyStart = 0;
        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            for (var i = 1; i < lines.Length; i++)
            {
                if (lines[i].Trim() == "---")
                {
                    bodyStart = i + 1;
                    break;
                }

                title ??= Value(lines[i], "title:");
                description ??= Value(lines[i], "description:");
            }
        }

        var date = name.Length >= 10 && DateTimeOffset.TryParse(name[..10], out var parsed)
            ? parsed
            : new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return new Post(name, title ?? name, description, string.Join('\n', lines[bodyStart..]), date);
    }

    private static string? Value(string line, string key)
    {
        if (!line.StartsWith(key, StringComparison.Ordinal))
        {
            return null;
        }

        return line[key.Length..].Trim().Trim('"', '\'');
    }
}
