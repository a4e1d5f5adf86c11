namespace RelatedBench;

/// <summary>A blog post reduced to what the benchmark needs.</summary>
/// <param name="Name">File name without extension, used to build slugs.</param>
/// <param name="Title">The <c>title:</c> front matter value.</param>
/// <param name="Dek">The <c>description:</c> front matter value, if any.</param>
/// <param name="Body">Everything after the front matter.</param>
public sealed record CorpusPost(string Name, string Title, string? Dek, string Body);

/// <summary>Reads markdown posts with YAML front matter between <c>---</c> lines.</summary>
public static class CorpusReader
{
    /// <summary>Reads every <c>*.md</c> file under <paramref name="folder"/>, in ordinal path order.</summary>
    public static IReadOnlyList<CorpusPost> Read(string folder)
    {
        var files = Directory.GetFiles(folder, "*.md", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        return files.Select(Parse).ToArray();
    }

    private static CorpusPost Parse(string path)
    {
        var lines = File.ReadAllLines(path);
        string? title = null;
        string? dek = null;
        var bodyStart = 0;

        // A line scan is enough here: the benchmark needs a title and a body, not a YAML parser.
        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            for (var i = 1; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.Trim() == "---")
                {
                    bodyStart = i + 1;
                    break;
                }

                if (line.StartsWith("title:", StringComparison.Ordinal))
                {
                    title = Unquote(line["title:".Length..]);
                }
                else if (line.StartsWith("description:", StringComparison.Ordinal))
                {
                    dek = Unquote(line["description:".Length..]);
                }
            }
        }

        var name = Path.GetFileNameWithoutExtension(path);
        return new CorpusPost(name, title ?? name, dek, string.Join('\n', lines.Skip(bodyStart)));
    }

    private static string Unquote(string value) => value.Trim().Trim('"', '\'');
}
