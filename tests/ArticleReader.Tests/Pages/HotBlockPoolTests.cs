using ArticleReader.Tests.Infrastructure;
using ArticleReader.Tests.Reliability;
using ArticleReader.Web.Infrastructure;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace ArticleReader.Tests.Pages;

/// <summary>Kestrel's buffers from <see cref="HotBlockPool"/>: last returned, first handed out.</summary>
public sealed class HotBlockPoolTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    public async Task Kestrel_TakesItsBuffersFromThePool_UnlessTurnedOff(string? setting, bool used)
    {
        using var content = new TempContent();
        // A page of about 35 KB: nine of Kestrel's 4 KB buffers per answer.
        var body = string.Join("\n\n", Enumerable.Range(0, 400).Select(i => $"Paragraph {i} of a page long enough to span many buffers, end {i}."));
        content.Article("a.md", "A Piece", date: "2025-01-01", body: body);
        using var site = new KestrelSite(content.Root, setting is null ? null : new Dictionary<string, string?> { ["Server:HotBuffers"] = setting });
        var first = await site.Client.GetStringAsync(new Uri("/articles/a", UriKind.Relative));
        Assert.Contains("Paragraph 399 of a page long enough to span many buffers, end 399.", first, StringComparison.Ordinal);
        Assert.True(first.Length > 30_000, $"page of {first.Length} characters");

        // Readers in parallel, each on its own connection, get the very same bytes.
        var pages = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var client = site.CreateClient();
            var got = new List<string>();
            for (var i = 0; i < 5; i++)
            {
                got.Add(await client.GetStringAsync(new Uri("/articles/a", UriKind.Relative)));
            }

            return got;
        }));
        Assert.All(pages.SelectMany(p => p), page => Assert.Equal(first, page));

        var factory = site.Factory.Services.GetRequiredService<IMemoryPoolFactory<byte>>();
        Assert.True(used == factory is HotBlockPoolFactory { Created: > 0 }, $"{factory.GetType().Name}, pools created: {(factory as HotBlockPoolFactory)?.Created}");
    }

    [Fact]
    public void Rent_HandsOutTheLastReturnedBlockFirst()
    {
        using var pool = new HotBlockPool();
        var first = pool.Rent();
        var second = pool.Rent();
        Assert.Equal(HotBlockPool.BlockSize, first.Memory.Length);
        first.Memory.Span[0] = 1;
        second.Memory.Span[0] = 2;

        first.Dispose();
        second.Dispose();
        Assert.Equal(2, pool.IdleCount);

        using var again = pool.Rent();
        Assert.Equal(2, again.Memory.Span[0]);
        Assert.Equal(1, pool.IdleCount);
    }

    [Fact]
    public void Dispose_Twice_ReturnsTheBlockOnce()
    {
        using var pool = new HotBlockPool();
        var block = pool.Rent();
        block.Dispose();
        block.Dispose();
        Assert.Equal(1, pool.IdleCount);

        using var a = pool.Rent();
        using var b = pool.Rent();
        Assert.Equal(0, pool.IdleCount);
        a.Memory.Span[0] = 7;
        b.Memory.Span[0] = 8;
        Assert.Equal(7, a.Memory.Span[0]);
    }

    [Fact]
    public void Rent_LargerThanABlock_IsServedWithoutThePool()
    {
        using var pool = new HotBlockPool();
        var big = pool.Rent(HotBlockPool.BlockSize * 3);
        Assert.True(big.Memory.Length >= HotBlockPool.BlockSize * 3);
        big.Dispose();
        Assert.Equal(0, pool.IdleCount);
    }

    [Fact]
    public void IdleBlocks_AreCapped()
    {
        using var pool = new HotBlockPool();
        var rented = Enumerable.Range(0, HotBlockPool.MaxRetained + 10).Select(_ => pool.Rent()).ToList();
        rented.ForEach(b => b.Dispose());
        Assert.Equal(HotBlockPool.MaxRetained, pool.IdleCount);
    }

    [Fact]
    public async Task ConcurrentRentAndReturn_NeverShareABlock()
    {
        using var pool = new HotBlockPool();
        var tasks = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                using var block = pool.Rent();
                var span = block.Memory.Span;
                span[0] = (byte)t;
                span[HotBlockPool.BlockSize - 1] = (byte)t;
                Thread.SpinWait(5);
                Assert.Equal((byte)t, span[0]);
                Assert.Equal((byte)t, span[HotBlockPool.BlockSize - 1]);
            }
        }));
        await Task.WhenAll(tasks);
        Assert.InRange(pool.IdleCount, 1, 4);
    }
}
