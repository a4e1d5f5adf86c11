using ArticleReader.Web.Newsletter;

namespace ArticleReader.Tests.Infrastructure;

/// <summary>A subscriber store that fails with an unexpected exception: a signup then answers 500.</summary>
public sealed class ExplodingSubscriberStore(string message) : ISubscriberStore
{
    public Task<SubscribeOutcome> AddAsync(string normalizedEmail, string sourcePath, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(message);

    public IAsyncEnumerable<SubscriberRecord> ReadAllAsync(CancellationToken cancellationToken) => throw new InvalidOperationException(message);
}
