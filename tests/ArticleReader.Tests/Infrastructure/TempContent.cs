using System.Text;

namespace ArticleReader.Tests.Infrastructure;

/// <summary>A temporary content folder owned by one test; deleted on dispose.</summary>
public sealed class TempContent : IDisposable
{
    public TempContent()
    {
        Root = Path.Combine(Path.GetTempPath(), "ar-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Writes a file (UTF-8 without BOM) at a path relative to the root.</summary>
    public string Write(string relativePath, string text) => WriteBytes(relativePath, new UTF8Encoding(false).GetBytes(text));

    public string WriteBytes(string relativePath, byte[] bytes)
    {
        var full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Write next to the target and rename, as editors do, so a watcher never reads half a file.
        var temp = full + ".tmp-" + Guid.NewGuid().ToString("N")[..6];
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, full, overwrite: true);
        return full;
    }

    /// <summary>Writes an article with a front matter built from the given fields.</summary>
    public string Article(string relativePath, string title, string? date = "2025-01-10", string? extra = null, string? body = null)
    {
        var builder = new StringBuilder("---\n");
        builder.Append("title: ").Append(title).Append('\n');
        if (date is not null)
        {
            builder.Append("date: ").Append(date).Append('\n');
        }

        if (extra is not null)
        {
            builder.Append(extra.TrimEnd('\n')).Append('\n');
        }

        builder.Append("---\n\n");
        builder.Append(body ?? $"The first paragraph of {title} sets out the argument in a few plain sentences. It is short.\n\nA second paragraph adds evidence and context for readers.\n");
        return Write(relativePath, builder.ToString());
    }

    public void Delete(string relativePath) => File.Delete(Path.Combine(Root, relativePath));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still hold the folder for a moment; the temp folder is cleaned by the OS.
        }
    }
}
