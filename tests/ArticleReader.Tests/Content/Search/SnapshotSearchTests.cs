using ArticleReader.Tests.Infrastructure;
using ArticleReader.Web.Content;
using Microsoft.Extensions.Logging.Abstractions;

namespace ArticleReader.Tests.Content.Search;

/// <summary>The search index is built off the load's path: on first use, or in the background after publishing.</summary>
public sealed class SnapshotSearchTests : IDisposable
{
    private readonly TempContent _content = new();

    public void Dispose() => _content.Dispose();

    [Fact]
    public void Snapshot_BuildsItsIndexOnFirstSearch_AndReusesUnchangedAnalyses()
    {
        _content.Article("2025-01-01-grain.md", "Grain Corridor", body: "Ships carry wheat through the corridor.\n");
        _content.Article("2025-01-02-chips.md", "Chip Controls", body: "Export rules for lithography machines.\n");
        var loader = new ContentLoader(_content.Root, 2 * 1024 * 1024);
        var first = SnapshotBuilder.Build(loader.Load(), DateTimeOffset.UtcNow, relatedCount: 3, version: 1);
        Assert.False(first.IsSearchBuilt);
        Assert.Equal(["grain"], first.Search.Search("wheat", 0, 10).Hits.Select(h => h.Document.Slug));
        Assert.True(first.IsSearchBuilt);

        _content.Article("2025-01-02-chips.md", "Chip Controls", body: "Export rules for lithography machines and wheat.\n");
        var second = SnapshotBuilder.Build(loader.Load(), DateTimeOffset.UtcNow, relatedCount: 3, version: 2, first);
        Assert.False(second.IsSearchBuilt);
        Assert.Equal(["chips", "grain"], second.Search.Search("wheat", 0, 10).Hits.Select(h => h.Document.Slug).Order());
        Assert.Equal(1, second.Search.AnalyzedDocumentCount);
    }

    [Fact]
    public async Task Store_BuildsTheIndexInTheBackgroundAfterPublishing()
    {
        _content.Article("2025-01-01-grain.md", "Grain Corridor", body: "Ships carry wheat through the corridor.\n");
        using var store = new ContentStore(_content.Root, 2 * 1024 * 1024, 3, TimeProvider.System, NullLogger<ContentStore>.Instance);
        var snapshot = store.Reload();
        Assert.True(await Html.EventuallyAsync(() => Task.FromResult(snapshot.IsSearchBuilt)));
        Assert.Single(snapshot.Search.Search("wheat", 0, 10).Hits);
    }
}
