namespace ArticleReader.Web.Newsletter;

/// <summary>
/// Stands in when the subscriber file could not be opened at start (permissions, a path whose
/// parent is a file): the site keeps serving articles and every signup answers "unavailable",
/// never a false success. It tries to open the real store again on each signup, so fixing the
/// file's permissions needs no restart.
/// </summary>
public sealed class ReopeningSubscriberStore(Func<ISubscriberStore> open) : ISubscriberStore, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private ISubscriberStore? _inner;

    /// <summary>The store, opening it if it is not open yet.</summary>
    /// <exception cref="SubscriberStoreUnavailableException">It still cannot be opened.</exception>
    public ISubscriberStore Inner
    {
        get
        {
            lock (_gate)
            {
                try
                {
                    return _inner ??= open();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new SubscriberStoreUnavailableException($"The subscriber file cannot be opened: {ex.Message}", ex);
                }
            }
        }
    }

    public Task<SubscribeOutcome> AddAsync(string normalizedEmail, string sourcePath, CancellationToken cancellationToken) =>
        Inner.AddAsync(normalizedEmail, sourcePath, cancellationToken);

    public IAsyncEnumerable<SubscriberRecord> ReadAllAsync(CancellationToken cancellationToken) =>
        Inner.ReadAllAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        ISubscriberStore? inner;
        lock (_gate)
        {
            inner = _inner;
            _inner = null;
        }

        if (inner is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
    }
}
