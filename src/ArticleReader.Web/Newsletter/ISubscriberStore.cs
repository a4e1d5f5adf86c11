namespace ArticleReader.Web.Newsletter;

/// <summary>Durable list of newsletter subscribers.</summary>
public interface ISubscriberStore
{
    /// <summary>
    /// Stores <paramref name="normalizedEmail"/> unless an address with the same
    /// <see cref="EmailAddressValidator.Key(string)"/> is already stored.
    /// </summary>
    /// <returns>
    /// <see cref="SubscribeOutcome.Added"/> only once the record is on disk;
    /// <see cref="SubscribeOutcome.AlreadySubscribed"/> when it already was.
    /// </returns>
    /// <exception cref="SubscriberStoreUnavailableException">The record could not be stored.</exception>
    Task<SubscribeOutcome> AddAsync(string normalizedEmail, string sourcePath, CancellationToken cancellationToken);

    /// <summary>Reads every stored subscriber, oldest first, for export.</summary>
    IAsyncEnumerable<SubscriberRecord> ReadAllAsync(CancellationToken cancellationToken);
}
