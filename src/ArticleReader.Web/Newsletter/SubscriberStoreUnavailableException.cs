namespace ArticleReader.Web.Newsletter;

/// <summary>
/// The subscriber store could not durably store or read records (disk full, I/O error, file not usable).
/// The message never contains an e-mail address, so it is safe to log.
/// </summary>
public sealed class SubscriberStoreUnavailableException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public SubscriberStoreUnavailableException()
        : base("The subscriber store is unavailable.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public SubscriberStoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the underlying failure.</summary>
    public SubscriberStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
